// The analytics dashboard's script (src/analytics/dashboard.ts serves it): signs in through the
// API, keeps the access token in memory (this tab only), and draws the analytics API's answers with
// uPlot. Views: #creator, #video/<id>, #post/<id>, #stream/<id>, #platform (admins). Each chart
// keeps the numbers it drew in `data-series` (read back from uPlot) so a test can check them.
/* global uPlot */
const state = { token: null, admin: false, charts: [] }
const $ = (id) => document.getElementById(id)
const status = (text) => {
  $('status').textContent = text || ''
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'dataset') Object.assign(node.dataset, v)
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v)
    else node.setAttribute(k, v)
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)))
  return node
}

async function api(path) {
  const res = await fetch(path, { headers: { authorization: `Bearer ${state.token}` } })
  if (!res.ok) {
    const problem = await res.json().catch(() => ({}))
    throw new Error(problem.detail || `The server answered ${res.status}`)
  }
  return (res.headers.get('content-type') || '').startsWith('text/csv') ? res.text() : res.json()
}

$('signin').addEventListener('submit', async (event) => {
  event.preventDefault()
  const fields = Object.fromEntries(new FormData(event.target))
  status('Signing in…')
  const res = await fetch('/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: fields.login, password: fields.password }),
  })
  const body = await res.json().catch(() => ({}))
  if (!res.ok || !body.accessToken) {
    status(
      body.ticket ? 'This account uses two-factor sign-in: use the app.' : body.detail || 'Sign-in failed.',
    )
    return
  }
  state.token = body.accessToken
  status('')
  $('signin').hidden = true
  $('who').textContent = fields.login
  state.admin = (await api('/v1/me').catch(() => ({}))).role === 'admin'
  nav()
  route()
})

function nav() {
  const views = [
    ['creator', 'Creator'],
    ['video', 'Video'],
    ['post', 'Post'],
    ['stream', 'Live stream'],
    ...(state.admin ? [['platform', 'Platform']] : []),
  ]
  $('nav').replaceChildren(
    ...views.map(([id, label]) =>
      el('button', { type: 'button', dataset: { view: id }, onclick: () => (location.hash = id) }, label),
    ),
  )
  $('nav').hidden = false
}

window.addEventListener('hashchange', () => state.token && route())

function route() {
  const [view, id] = (location.hash.slice(1) || 'creator').split('/')
  for (const b of $('nav').querySelectorAll('button')) {
    if (b.dataset.view === view) b.setAttribute('aria-current', 'page')
    else b.removeAttribute('aria-current')
  }
  const render = { creator, video, post, stream, platform }[view] || creator
  show(view, id, render)
}

/** The range picker and the view under it; `render(query, id)` fills `#content`. */
function show(view, id, render) {
  const today = new Date()
  const ago = new Date(today.getTime() - 27 * 86_400_000)
  const day = (d) => d.toISOString().slice(0, 10)
  const needsId = view !== 'creator' && view !== 'platform'
  const form = el(
    'form',
    { class: 'controls', id: 'range' },
    ...(needsId
      ? [el('label', {}, `${view} id `, el('input', { name: 'id', value: id || '', size: 38, required: '' }))]
      : []),
    el('label', {}, 'From ', el('input', { type: 'date', name: 'from', value: day(ago) })),
    el('label', {}, 'To ', el('input', { type: 'date', name: 'to', value: day(today) })),
    el(
      'label',
      {},
      'By ',
      el(
        'select',
        { name: 'granularity' },
        ...['day', 'hour', 'week', 'month'].map((g) => el('option', { value: g }, g)),
      ),
    ),
    el('button', { type: 'submit' }, 'Show'),
  )
  const content = el('div', { id: 'content' })
  $('view').replaceChildren(form, content)
  const load = async () => {
    const f = Object.fromEntries(new FormData(form))
    const to = new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000
    const query = `?from=${f.from}T00:00:00Z&to=${new Date(to).toISOString()}&granularity=${f.granularity}`
    if (needsId && !f.id) return
    for (const c of state.charts) c.destroy()
    state.charts = []
    status('Loading…')
    try {
      content.replaceChildren()
      await render(content, query, f.id)
      document.body.dataset.view = view
      status('')
    } catch (error) {
      status(error.message)
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    load()
  })
  load()
}

function cards(content, totals, labels) {
  content.append(
    el(
      'div',
      { class: 'cards' },
      ...Object.entries(labels).map(([k, label]) =>
        el('div', { class: 'card', dataset: { total: k } }, label, el('b', {}, fmt(totals[k]))),
      ),
    ),
  )
}

function fmt(v) {
  return typeof v === 'number'
    ? v.toLocaleString('en-US', { maximumFractionDigits: 2 })
    : v === null || v === undefined
      ? '–'
      : String(v)
}

/** A line chart of `series` (the API's rows) for the given fields, x by `start`, or by `x`. */
function chart(content, name, title, rows, fields, x = (r) => Date.parse(r.start) / 1000, time = true) {
  const box = el('div', { class: 'chart', dataset: { chart: name } }, el('h3', {}, title))
  content.append(box)
  const data = [rows.map(x), ...fields.map((f) => rows.map((r) => r[f]))]
  const colors = ['#2f6fdb', '#e0742b', '#2b9e6a', '#a23bd0']
  const u = new uPlot(
    {
      width: Math.min(1100, content.clientWidth || 900) - 24,
      height: 240,
      scales: { x: { time } },
      series: [
        {},
        ...fields.map((f, i) => ({
          label: f,
          stroke: colors[i % colors.length],
          width: 2,
          points: { show: rows.length < 60 },
        })),
      ],
    },
    data,
    box,
  )
  state.charts.push(u)
  // What uPlot holds (and drew), for checks.
  box.dataset.series = JSON.stringify(Object.fromEntries(fields.map((f, i) => [f, u.data[i + 1]])))
  box.dataset.x = JSON.stringify(u.data[0])
  return u
}

/** A table with a CSV button (the rows as shown). */
function table(content, name, title, rows, columns) {
  const section = el('section', { dataset: { table: name } }, el('h3', {}, title))
  const head = el('tr', {}, ...columns.map(([, label]) => el('th', {}, label)))
  const body = rows.map((r) => el('tr', {}, ...columns.map(([k]) => el('td', {}, fmt(r[k])))))
  const csv = () => {
    const cell = (v) => {
      let s = v === null || v === undefined ? '' : String(v)
      if (typeof v !== 'number' && /^[=+\-@]/.test(s)) s = `'${s}`
      return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
    }
    return [
      columns.map(([k]) => k).join(','),
      ...rows.map((r) => columns.map(([k]) => cell(r[k])).join(',')),
    ].join('\r\n')
  }
  section.append(
    rows.length
      ? el('table', {}, el('thead', {}, head), el('tbody', {}, ...body))
      : el('p', { class: 'note' }, 'Nothing yet.'),
    el(
      'button',
      { type: 'button', dataset: { csv: name }, onclick: () => download(`${name}.csv`, csv()) },
      'CSV',
    ),
  )
  content.append(section)
}

function download(name, text) {
  const a = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })), download: name })
  document.body.append(a)
  a.click()
  a.remove()
}

const seriesColumns = (rows) => Object.keys(rows[0] || {}).map((k) => [k, k])

async function creator(content, query) {
  const r = await api(`/v1/analytics/creators/me${query}`)
  cards(content, r.totals, {
    views: 'Views',
    uniqueViewers: 'Unique viewers',
    watchSeconds: 'Watch time (s)',
    engagements: 'Engagements',
    followersGained: 'Followers gained',
    followersLost: 'Followers lost',
    impressions: 'Impressions',
    profileVisits: 'Profile visits',
  })
  chart(content, 'views', 'Views and unique viewers', r.series, ['views', 'uniqueViewers'])
  chart(content, 'watch', 'Watch time (s)', r.series, ['watchSeconds'])
  chart(content, 'followers', 'Followers', r.series, ['followersGained', 'followersLost'])
  table(content, 'top-videos', 'Top videos', r.topContent.videos, [
    ['title', 'Video'],
    ['views', 'Views'],
    ['id', 'Id'],
  ])
  table(content, 'top-posts', 'Top posts', r.topContent.posts, [
    ['id', 'Post'],
    ['impressions', 'Impressions'],
  ])
  table(content, 'series', 'By period', r.series, seriesColumns(r.series))
  revenue(content, r.revenue, 'Memberships (net)', 'Tips (net)', 'Ad revenue share')
}

/**
 * Revenue and members per currency (amounts in minor units, as the API gives them), a chart of the
 * first currency's net revenue and MRR, and the series of every currency.
 */
function revenue(content, r, memberships, tips, ads) {
  table(content, 'revenue', 'Revenue and members by currency (minor units)', r.currencies, [
    ['currency', 'Currency'],
    ['memberships', memberships],
    ['tips', tips],
    ['ads', ads],
    ['refunds', 'Refunds'],
    ['copyright', 'Copyright claims'],
    ['net', 'Net'],
    ['members', 'Members'],
    ['mrr', 'MRR'],
    ['arpu', 'ARPU'],
    ['newMembers', 'New members'],
    ['endedMembers', 'Ended'],
    ['churn', 'Churn'],
  ])
  const first = r.currencies[0]?.currency
  if (first) {
    const series = r.series.filter((x) => x.currency === first)
    chart(content, 'revenue', `Net revenue and MRR (${first})`, series, ['net', 'mrr'])
  }
  table(content, 'revenue-series', 'Revenue by period', r.series, seriesColumns(r.series))
}

function breakdowns(content, r) {
  if (!r.breakdowns) {
    content.append(
      el(
        'p',
        { class: 'note', dataset: { hidden: 'breakdowns' } },
        `Breakdowns show from ${r.minAudience} unique viewers.`,
      ),
    )
    return
  }
  for (const [name, rows] of Object.entries(r.breakdowns))
    table(content, name, name[0].toUpperCase() + name.slice(1), rows, [
      ['key', name],
      ['value', 'Count'],
    ])
}

async function video(content, query, id) {
  const r = await api(`/v1/analytics/videos/${id}${query}`)
  content.append(el('h2', {}, r.title))
  cards(content, r.totals, {
    views: 'Views',
    uniqueViewers: 'Unique viewers',
    watchSeconds: 'Watch time (s)',
    averageViewSeconds: 'Average view (s)',
    newFollowers: 'New followers',
    impressions: 'Impressions',
  })
  chart(content, 'views', 'Views and unique viewers', r.series, ['views', 'uniqueViewers'])
  chart(content, 'watch', 'Watch time (s)', r.series, ['watchSeconds'])
  chart(
    content,
    'retention',
    'Retention (share still watching)',
    r.retention.points,
    ['share'],
    (p) => p.second,
    false,
  )
  breakdowns(content, r)
  table(content, 'series', 'By period', r.series, seriesColumns(r.series))
}

async function post(content, query, id) {
  const r = await api(`/v1/analytics/posts/${id}${query}`)
  cards(content, r.totals, {
    impressions: 'Impressions',
    reach: 'Reach',
    engagements: 'Engagements',
    engagementRate: 'Engagement rate',
    likes: 'Likes',
  })
  chart(content, 'impressions', 'Impressions, reach and engagements', r.series, [
    'impressions',
    'reach',
    'engagements',
  ])
  breakdowns(content, r)
  table(content, 'series', 'By period', r.series, seriesColumns(r.series))
}

async function stream(content, query, id) {
  const r = await api(`/v1/analytics/streams/${id}${query}`)
  content.append(el('h2', {}, r.title))
  cards(content, r.totals, {
    peakViewers: 'Peak viewers',
    averageViewers: 'Average viewers',
    uniqueViewers: 'Unique viewers',
    chatMessagesPerMinute: 'Chat messages a minute',
  })
  chart(content, 'viewers', 'Viewers', r.series, ['peakViewers', 'averageViewers'])
  chart(content, 'chat', 'Chat messages', r.series, ['chatMessages'])
  table(content, 'series', 'By period', r.series, seriesColumns(r.series))
}

async function platform(content, query) {
  const [r, c] = await Promise.all([
    api(`/v1/analytics/platform${query}`),
    api('/v1/analytics/platform/cohorts?weeks=8'),
  ])
  cards(
    content,
    { ...r.active, ...r.totals },
    {
      dau: 'DAU',
      wau: 'WAU',
      mau: 'MAU',
      signups: 'Sign-ups',
      posts: 'Posts',
      uploads: 'Uploads',
      encodingMinutes: 'Encoding minutes',
      moderationActions: 'Moderation actions',
    },
  )
  chart(content, 'active', 'Active users and visitors', r.series, ['activeUsers', 'visitors'])
  chart(content, 'content', 'Sign-ups, posts and uploads', r.series, ['signups', 'posts', 'uploads'])
  chart(content, 'moderation', 'Reports and moderation actions', r.series, ['reports', 'moderationActions'])
  table(content, 'actions', 'Moderation actions by kind', r.moderation.actionsByKind, [
    ['key', 'Kind'],
    ['value', 'Actions'],
  ])
  table(content, 'reports', 'Reports by category', r.moderation.reportsByCategory, [
    ['key', 'Category'],
    ['value', 'Reports'],
  ])
  const weeks = Math.max(0, ...c.cohorts.map((x) => x.retention.length))
  table(
    content,
    'cohorts',
    'Retention cohorts (share active in week n after sign-up)',
    c.cohorts.map((x) => ({
      week: x.week,
      users: x.users,
      ...Object.fromEntries(x.retention.map((v, i) => [`w${i}`, v])),
    })),
    [
      ['week', 'Sign-up week'],
      ['users', 'Users'],
      ...Array.from({ length: weeks }, (_, i) => [`w${i}`, `Week ${i}`]),
    ],
  )
  table(content, 'series', 'By period', r.series, seriesColumns(r.series))
  revenue(content, r.revenue, 'Membership fees', 'Tip fees', 'Ad revenue')
}
