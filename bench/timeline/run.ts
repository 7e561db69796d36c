/**
 * bench/timeline: home timelines over a seeded graph (see seed.ts: USERS accounts, POSTS posts).
 *
 * 1. GET /v1/timelines/home?limit=20 (fully hydrated: author, counts, the viewer's like and repost
 *    state), VIEWERS different signed-in readers in turn, wrk with CONNECTIONS connections:
 *    requests per second, medians of ROUNDS rounds; then open-loop at half that rate: p50/p99.
 * 2. Fan-out: the account with 10,000 followers posts through the API; the time until the worker
 *    has put the post into every follower's home timeline (FANOUTS runs, median).
 * 3. What each design choice costs per post, in database rows and bytes.
 *
 *   npm run bench:timeline                  (needs wrk: apt-get install -y wrk)
 *   USERS=12000 POSTS=1000000 ROUNDS=5 DURATION=10s npm run bench:timeline
 *   RESEED=1 ... seeds again (the graph is kept between runs in database socialflow_bench_timeline)
 */
import { $ } from 'bun'
import postgres from 'postgres'
import { migrate } from '../../src/platform/db/migrate.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { PG_BASE_URL, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import { cpuSeconds, median, openLoop, percentile, requireWrk, type Sample, serve, wrk } from '../support.ts'
import { BENCH_PASSWORD, seed, seeded } from './seed.ts'

const USERS = Number(process.env.USERS ?? 12_000)
const POSTS = Number(process.env.POSTS ?? 1_000_000)
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const DURATION = process.env.DURATION ?? '10s'
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32)
const VIEWERS = Number(process.env.VIEWERS ?? 200)
const FANOUTS = Number(process.env.FANOUTS ?? 5)
const HOME_MAX = 800
const FANOUT_MAX = 10_000
const DATABASE = 'socialflow_bench_timeline'

await requireWrk('bench/timeline')
const log = createLogger({ level: 'warn', nodeId: 'bench' })
const admin = postgres(`${PG_BASE_URL}/postgres`, { max: 1, onnotice: () => {} })
if ((await admin`select 1 from pg_database where datname = ${DATABASE}`).length === 0)
  await admin.unsafe(`create database ${DATABASE}`)
await admin.end()
const url = `${PG_BASE_URL}/${DATABASE}`
const sql = postgres(url, { max: 1, onnotice: () => {} })
await migrate(sql, log)
const params = { users: USERS, posts: POSTS, homeMax: HOME_MAX, fanoutMax: FANOUT_MAX }
if (process.env.RESEED === '1' || !(await seeded(sql, params))) {
  console.log(`seeding ${USERS} accounts and ${POSTS} posts (kept in database ${DATABASE})`)
  await seed(sql, params, console.log)
}
const [graph] = await sql`select
  (select count(*) from users)::int as users,
  (select count(*) from posts)::int as posts,
  (select count(*) from follows)::int as follows,
  (select count(*) from home_timeline)::int as home_rows,
  (select percentile_cont(0.5) within group (order by following) from user_counts)::int as median_following,
  (select count(*) from user_counts where followers > ${FANOUT_MAX})::int as pulled_accounts,
  (select count(*) from user_counts where followers > ${USERS / 2})::int as followed_by_most`
console.log(
  `graph: ${graph!.users} accounts, ${graph!.posts} posts, ${graph!.follows} follows (median ${graph!.median_following} per account), ` +
    `${graph!.followed_by_most} accounts followed by most, ${graph!.pulled_accounts} above FANOUT_MAX_FOLLOWERS (pulled), ${graph!.home_rows} home-timeline rows`,
)

const prefix = uniquePrefix('bench_timeline')
const env = {
  DATABASE_URL: url,
  NATS_PREFIX: prefix,
  TRUST_PROXY: 'true',
  // The bench's readers are a few accounts reading as fast as they can: per-user limits would stop them.
  RATE_LIMITS: '*=off',
  HOME_TIMELINE_MAX: String(HOME_MAX),
  FANOUT_MAX_FOLLOWERS: String(FANOUT_MAX),
  LOG_LEVEL: 'warn',
}
const api = await serve('src/main.ts', { ...env, ROLES: 'api' })
const worker = await serve('src/main.ts', { ...env, ROLES: 'worker' })

/** CPU seconds used so far by every PostgreSQL process on this machine. */
async function postgresCpuSeconds(): Promise<number> {
  const pids = (await $`pgrep -x postgres`.nothrow().quiet().text()).split('\n').filter(Boolean)
  const each = await Promise.all(pids.map((pid) => cpuSeconds(Number(pid)).catch(() => 0)))
  return each.reduce((a, b) => a + b, 0)
}

async function signIn(username: string, i: number): Promise<string> {
  const res = await fetch(`${api.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.2.${i >> 8}.${i & 255}` },
    body: JSON.stringify({ login: username, password: BENCH_PASSWORD }),
  })
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { accessToken: string }).accessToken
}

try {
  // Readers: ordinary accounts spread over the population (not the specially followed ones).
  const step = Math.floor((USERS - 14) / VIEWERS)
  const tokens: string[] = []
  for (let i = 0; i < VIEWERS; i += 8) {
    const batch = Array.from({ length: Math.min(8, VIEWERS - i) }, (_, j) => i + j)
    tokens.push(...(await Promise.all(batch.map((k) => signIn(`user${14 + k * step}`, k)))))
  }
  const home = '/v1/timelines/home?limit=20'
  const check = await fetch(`${api.url}${home}`, { headers: { authorization: `Bearer ${tokens[0]}` } })
  const body = (await check.json()) as {
    items: { author: { username: string }; counts: unknown; viewer: unknown }[]
  }
  if (check.status !== 200 || body.items.length !== 20 || !body.items[0]!.author || !body.items[0]!.viewer)
    throw new Error(`home timeline answered ${check.status}: ${JSON.stringify(body).slice(0, 300)}`)

  const script = `/tmp/bench-timeline-${process.pid}.lua`
  await Bun.write(
    script,
    `tokens = {${tokens.map((t) => `"${t}"`).join(',')}}\ni = 0\nrequest = function()\n  i = i + 1\n  return wrk.format("GET", "${home}", { ["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1] })\nend\n`,
  )
  const load = { connections: CONNECTIONS, duration: DURATION, script }
  await wrk(api, '', { ...load, duration: '3s' })
  const samples: Sample[] = []
  const pgSamples: number[] = []
  for (let round = 1; round <= ROUNDS; round++) {
    const pgBefore = await postgresCpuSeconds()
    const s = await wrk(api, '', load)
    const pgUs =
      (((await postgresCpuSeconds()) - pgBefore) / (s.rps * (Number.parseInt(DURATION, 10) || 10))) * 1e6
    samples.push(s)
    pgSamples.push(pgUs)
    console.log(
      `round ${round}: ${s.rps.toFixed(0)} req/s (p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms), ` +
        `CPU per request: server ${s.cpuUs.toFixed(0)} µs, PostgreSQL ${pgUs.toFixed(0)} µs`,
    )
  }
  const rps = median(samples.map((s) => s.rps))
  console.log(
    `\nhome timeline, ${VIEWERS} readers, ${CONNECTIONS} connections, medians of ${ROUNDS} rounds of ${DURATION}: ` +
      `${rps.toFixed(0)} req/s, p50 ${median(samples.map((s) => s.p50)).toFixed(2)} ms, p99 ${median(samples.map((s) => s.p99)).toFixed(2)} ms, ` +
      `CPU per request: server ${median(samples.map((s) => s.cpuUs)).toFixed(0)} µs, PostgreSQL ${median(pgSamples).toFixed(0)} µs  (aim: >= 2000 req/s)`,
  )
  const half = Math.floor(rps / 2)
  const seconds = Number.parseInt(DURATION, 10) || 10
  const paced = await openLoop(half, seconds, (i) =>
    fetch(`${api.url}${home}`, { headers: { authorization: `Bearer ${tokens[i % tokens.length]}` } }),
  )
  if (paced.failed > 0) throw new Error(`${paced.failed} paced requests failed`)
  console.log(
    `open loop at half that rate (${half} req/s for ${seconds} s): p50 ${percentile(paced.latencies, 0.5).toFixed(2)} ms, ` +
      `p99 ${percentile(paced.latencies, 0.99).toFixed(2)} ms  (aim: p99 < 50 ms)`,
  )

  // What the post content cache bought: its hit rate above, and one round without it.
  const metrics = await (await fetch(`${api.url}/metrics`)).text()
  const reads = (result: string) =>
    Number(
      new RegExp(`^sf_post_content_reads\\{[^}]*result="${result}"[^}]*\\} (\\d+)`, 'm').exec(metrics)?.[1],
    )
  const [hits, misses] = [reads('hit'), reads('miss')]
  const uncached = await serve('src/main.ts', { ...env, ROLES: 'api', POST_CACHE_MB: '0' })
  try {
    await wrk(uncached, '', { ...load, duration: '3s' })
    const s = await wrk(uncached, '', load)
    console.log(
      `post contents from memory: ${((hits / (hits + misses)) * 100).toFixed(1)}% of ${hits + misses}; ` +
        `without the cache (POST_CACHE_MB=0), one round: ${s.rps.toFixed(0)} req/s, server ${s.cpuUs.toFixed(0)} µs CPU/request`,
    )
  } finally {
    uncached.proc.kill('SIGTERM')
    await uncached.proc.exited
  }

  // Fan-out: from the POST until the worker has written every follower's row.
  const [fan] =
    await sql`select u.id, c.followers::int from users u join user_counts c on c.user_id = u.id where u.username = 'fanout'`
  const fanToken = await signIn('fanout', 999)
  const times: number[] = []
  for (let n = 0; n < FANOUTS; n++) {
    const started = performance.now()
    const res = await fetch(`${api.url}/v1/posts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fanToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: `Fan-out run ${n} at ${new Date().toISOString()}` }),
    })
    if (res.status !== 201) throw new Error(`post answered ${res.status}: ${await res.text()}`)
    const { id } = (await res.json()) as { id: string }
    for (;;) {
      const [row] = await sql`select fanned_out from posts where id = ${id}`
      if (row?.fanned_out) break
      if (performance.now() - started > 30_000) throw new Error('fan-out did not finish in 30 s')
      await Bun.sleep(2)
    }
    const elapsed = performance.now() - started
    const [rows] = await sql`select count(*)::int as n from home_timeline
      where post_id = ${id} and user_id in (select follower_id from follows where followee_id = ${fan!.id} union select ${fan!.id}::uuid)`
    if (rows!.n !== fan!.followers + 1)
      throw new Error(`post reached ${rows!.n} of ${fan!.followers + 1} home timelines`)
    times.push(elapsed)
    console.log(`fan-out ${n + 1}: ${elapsed.toFixed(0)} ms to ${rows!.n} home timelines`)
    await Bun.sleep(500)
  }
  if (times.length > 0)
    console.log(
      `fan-out to ${fan!.followers} followers (POST to the last row written), median of ${FANOUTS}: ${median(times).toFixed(0)} ms  (aim: < 500 ms)`,
    )

  // What each choice costs per post.
  const [cost] = await sql`select
    pg_total_relation_size('posts')::float8 / greatest(1, (select count(*) from posts)) as post_bytes,
    pg_total_relation_size('post_counts')::float8 / greatest(1, (select count(*) from post_counts)) as counts_bytes,
    pg_total_relation_size('home_timeline')::float8 / greatest(1, (select count(*) from home_timeline)) as home_row_bytes,
    pg_total_relation_size('home_floors')::float8 / greatest(1, (select count(*) from home_floors)) as floor_bytes,
    (select avg(c.followers + 1) from posts p join user_counts c on c.user_id = p.author_id
      where p.fanned_out and p.reply_to_id is null)::float8 as rows_per_pushed_post`
  const c = cost!
  console.log('\nstorage per post (tables with their indexes):')
  console.log(
    `  every post: posts ${c.post_bytes.toFixed(0)} B + post_counts ${c.counts_bytes.toFixed(0)} B (1 row each)`,
  )
  console.log(
    `  push (authors up to ${FANOUT_MAX} followers): followers + 1 home_timeline rows of ${c.home_row_bytes.toFixed(0)} B; ` +
      `${c.rows_per_pushed_post.toFixed(0)} rows (${((c.rows_per_pushed_post * c.home_row_bytes) / 1024).toFixed(1)} KiB) for this graph's average top-level post, ` +
      `${((10_001 * c.home_row_bytes) / 1024).toFixed(0)} KiB for an author with 10,000 followers`,
  )
  console.log('  pull (authors above it): 0 rows; read at home-timeline time through posts_pulled')
  console.log(
    `  the cap: at most ${HOME_MAX} rows per reader (${((HOME_MAX * c.home_row_bytes) / 1024).toFixed(0)} KiB), plus one home_floors row of ${c.floor_bytes.toFixed(0)} B`,
  )
  await $`rm -f ${script}`.quiet()
} finally {
  api.proc.kill('SIGTERM')
  worker.proc.kill('SIGTERM')
  await Promise.all([api.proc.exited, worker.proc.exited])
  await removeNatsPrefix(prefix)
  await sql.end()
}
