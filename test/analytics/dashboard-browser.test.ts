import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { ACCOUNTS, Ledger } from '../../src/payments/ledger.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'
import { ev, send, someStream, someVideo, watching } from './support.ts'

/**
 * /dashboard as a creator and an admin open it: headless Chromium with no network but the node,
 * signing in through the page, each view opened, its charts checked against the numbers the API
 * answers (what uPlot holds, and pixels on its canvas), a table exported as CSV. Screenshots are
 * kept in TEST_ARTIFACTS_DIR (or a temporary directory), whose path is printed.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
]
const shots = process.env.TEST_ARTIFACTS_DIR
  ? join(process.env.TEST_ARTIFACTS_DIR, 'analytics-dashboard')
  : mkdtempSync(join(tmpdir(), 'sf-dashboard-'))

let node: TestNode
let browser: Browser
let creator: Account
let admin: Account
let video: string
let post: string
let stream: string

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run sh test/support/ensure-chromium.sh`)
  mkdirSync(shots, { recursive: true })
  node = await startSocialNode('analytics-dashboard', { ANALYTICS_MIN_AUDIENCE: '2' })
  creator = await register(node)
  admin = await promote(node, await register(node), 'admin')
  video = await someVideo(node, creator)
  post = await writePost(node, creator, { text: 'charted' })
  stream = await someStream(node, creator)
  const fans = [await register(node), await register(node), await register(node)]
  for (const [i, fan] of fans.entries()) {
    await send(node, watching(video, `d${i}`, 10 * (i + 1)), { token: fan.tokens.accessToken })
    await send(node, [ev('impression', { postId: post, source: 'profile' })], {
      token: fan.tokens.accessToken,
    })
    await send(node, [ev('live.heartbeat', { streamId: stream, sessionId: `l${i}` })], {
      token: fan.tokens.accessToken,
    })
  }
  await call(node, 'POST', `/v1/users/${creator.username}/follow`, { token: fans[0]!.tokens.accessToken })
  // A membership payment of 5.00 booked in the ledger as the payments' webhook books it (10% fee).
  await new Ledger(node.ctx.db).post({
    kind: 'membership.payment',
    reference: `charge:ch_dashboard_${crypto.randomUUID()}`,
    entries: [
      { account: ACCOUNTS.stripeClearing, amount: 500, currency: 'usd' },
      { account: ACCOUNTS.creator(creator.id), amount: -450, currency: 'usd' },
      { account: ACCOUNTS.platformFees, amount: -50, currency: 'usd' },
    ],
  })
  await eventually(async () => {
    const r = await call(node, 'GET', '/v1/analytics/creators/me', { token: creator.tokens.accessToken })
    return r.body.totals.views === 3 && r.body.totals.impressions === 3 && r.body.totals.followersGained === 1
  }, 20_000)
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true })
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await node?.stop()
  console.log(`screenshots of /dashboard in ${shots}`)
})

async function signedIn(account: Account): Promise<{ page: Page; errors: string[]; refused: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true })
  const refused: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(`${node.url}/`) || url.startsWith('blob:') || url.startsWith('data:'))
      return route.continue()
    refused.push(url)
    return route.abort('internetdisconnected')
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  const res = await page.goto(`${node.url}/dashboard`)
  expect(res?.status()).toBe(200)
  expect(res?.headers()['content-security-policy']).toContain("script-src 'self'")
  await page.fill('input[name=login]', account.username)
  await page.fill('input[name=password]', account.password)
  await page.click('button[type=submit]')
  await page.waitForSelector('#nav:not([hidden])')
  return { page, errors, refused }
}

/** The numbers a chart holds, and whether its canvas has anything drawn. */
async function drawn(page: Page, name: string) {
  const box = page.locator(`[data-chart="${name}"]`)
  await box.waitFor({ timeout: 10_000 })
  const series = JSON.parse((await box.getAttribute('data-series'))!) as Record<string, number[]>
  const inked = await box.locator('canvas').evaluate((canvas) => {
    const ctx = (
      canvas as unknown as {
        getContext(k: '2d'): { getImageData(...a: number[]): { data: Uint8ClampedArray } }
      }
    ).getContext('2d')
    const { width, height } = canvas as unknown as { width: number; height: number }
    const { data } = ctx.getImageData(0, 0, width, height)
    let n = 0
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++
    return n
  })
  return { series, inked }
}

const apiOf = async (account: Account, path: string) =>
  (await call(node, 'GET', `/v1/analytics/${path}`, { token: account.tokens.accessToken })).body
// The page asks for whole days: from 27 days ago to the end of today.
const pageRange = () => {
  const day = (d: number) => new Date(d).toISOString().slice(0, 10)
  const to = new Date(`${day(Date.now())}T00:00:00Z`).getTime() + 86_400_000
  return `?from=${day(Date.now() - 27 * 86_400_000)}T00:00:00Z&to=${new Date(to).toISOString()}&granularity=day`
}

describe('/dashboard', () => {
  test('a creator signs in and sees their views, each chart drawing the API’s numbers, and exports a table', async () => {
    const { page, errors, refused } = await signedIn(creator)
    await page.waitForSelector('body[data-view="creator"]')
    const api = await apiOf(creator, `creators/me${pageRange()}`)
    const views = await drawn(page, 'views')
    expect(views.series.views).toEqual(api.series.map((s: { views: number }) => s.views))
    expect(views.series.views?.at(-1)).toBe(3)
    expect(views.inked).toBeGreaterThan(500)
    const followers = await drawn(page, 'followers')
    expect(followers.series.followersGained).toEqual(
      api.series.map((s: { followersGained: number }) => s.followersGained),
    )
    await expect(page.locator('[data-total="views"] b').textContent()).resolves.toBe('3')
    // Revenue from the ledger: the chart of net revenue and the table of it.
    const revenue = await drawn(page, 'revenue')
    expect(revenue.series.net).toEqual(api.revenue.series.map((s: { net: number }) => s.net))
    expect(revenue.series.net?.at(-1)).toBe(450)
    await expect(page.locator('[data-table="revenue"] tbody td').nth(1).textContent()).resolves.toBe('450')
    await page.screenshot({ path: join(shots, 'creator.png'), fullPage: true })
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-csv="top-videos"]'),
    ])
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv.split('\r\n')[0]).toBe('title,views,id')
    expect(csv).toContain(`Analytics clip,3,${video}`)

    await page.goto(`${node.url}/dashboard#video/${video}`)
    await page.waitForSelector('body[data-view="video"] [data-chart="retention"]')
    const v = await apiOf(creator, `videos/${video}${pageRange()}`)
    expect((await drawn(page, 'views')).series.uniqueViewers).toEqual(
      v.series.map((s: { uniqueViewers: number }) => s.uniqueViewers),
    )
    const retention = await drawn(page, 'retention')
    expect(retention.series.share).toEqual(v.retention.points.map((p: { share: number }) => p.share))
    expect(retention.series.share?.[0]).toBe(1)
    expect(retention.inked).toBeGreaterThan(500)
    await page.locator('[data-table="sources"]').waitFor()
    await page.screenshot({ path: join(shots, 'video.png'), fullPage: true })

    await page.goto(`${node.url}/dashboard#post/${post}`)
    await page.waitForSelector('body[data-view="post"] [data-chart="impressions"]')
    const p = await apiOf(creator, `posts/${post}${pageRange()}`)
    expect((await drawn(page, 'impressions')).series.impressions).toEqual(
      p.series.map((s: { impressions: number }) => s.impressions),
    )
    await page.screenshot({ path: join(shots, 'post.png'), fullPage: true })

    await page.goto(`${node.url}/dashboard#stream/${stream}`)
    await page.waitForSelector('body[data-view="stream"] [data-chart="viewers"]')
    const s = await apiOf(creator, `streams/${stream}${pageRange()}`)
    expect((await drawn(page, 'viewers')).series.peakViewers).toEqual(
      s.series.map((x: { peakViewers: number }) => x.peakViewers),
    )
    expect(s.totals.peakViewers).toBe(3)
    await page.screenshot({ path: join(shots, 'stream.png'), fullPage: true })
    // No admin view for a creator.
    expect(await page.locator('#nav [data-view="platform"]').count()).toBe(0)
    expect(errors).toEqual([])
    expect(refused).toEqual([])
  }, 60_000)

  test('an admin sees the platform view: active users, sign-ups, cohorts', async () => {
    const { page, errors, refused } = await signedIn(admin)
    await page.click('#nav [data-view="platform"]')
    await page.waitForSelector('body[data-view="platform"] [data-chart="content"]')
    const api = await apiOf(admin, `platform${pageRange()}`)
    const content = await drawn(page, 'content')
    expect(content.series.signups).toEqual(api.series.map((s: { signups: number }) => s.signups))
    expect(content.series.signups?.at(-1)).toBeGreaterThanOrEqual(5)
    expect(content.inked).toBeGreaterThan(500)
    await expect(page.locator('[data-total="dau"] b').textContent()).resolves.toBe(String(api.active.dau))
    await page.locator('[data-table="cohorts"] table').waitFor()
    // The platform's fee on the membership payment.
    expect(api.revenue.currencies[0]).toMatchObject({ currency: 'usd', memberships: 50, net: 50 })
    expect((await drawn(page, 'revenue')).series.net?.at(-1)).toBe(50)
    await page.screenshot({ path: join(shots, 'platform.png'), fullPage: true })
    expect(errors).toEqual([])
    expect(refused).toEqual([])
  }, 60_000)
})
