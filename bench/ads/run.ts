/**
 * bench/ads: ad decisions with 10,000 active campaigns, and what an ad slot costs a home page.
 *
 * 1. Decisions in this process, over the campaigns as the serving nodes index them: the auction
 *    alone (targeting, pacing, ranking, second price), then whole decisions (auction, frequency
 *    cap, the price taken from the campaign's budget slice, leased from PostgreSQL when used up,
 *    the signed token) from CONCURRENCY loops; baseline: the same over 100 campaigns. Frequency
 *    counts on the node, and then in NATS KV as the API nodes keep them (shared by every node).
 * 2. GET /v1/timelines/home?limit=20 from two API nodes on the same database, one with ads (one
 *    every 5 posts: 4 slots a page, each decided from the node's budget slices, a quarter of the
 *    campaigns frequency-capped, counted in NATS KV) and one whose pages get no slot
 *    (ADS_FEED_EVERY=100): alternating wrk rounds, the throughput ratio (aim >= 0.9).
 *
 *   npm run bench:ads                      (needs wrk: apt-get install -y wrk)
 *   CAMPAIGNS=10000 ROUNDS=3 DURATION=5s CONNECTIONS=16 npm run bench:ads
 *   RESEED=1 ... seeds again (kept between runs in database socialflow_bench_ads)
 */
import { jetstream, StorageType } from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import { connect } from '@nats-io/transport-node'
import postgres from 'postgres'
import { Billing } from '../../src/ads/billing.ts'
import { BudgetLeases } from '../../src/ads/budget-leases.ts'
import { byRank, CampaignIndex, type IndexedCampaign } from '../../src/ads/campaign-index.ts'
import { ADS_FREQUENCY_BUCKET, ADS_FREQUENCY_TTL_MS, ServingFrequency } from '../../src/ads/frequency.ts'
import { auction } from '../../src/ads/selection.ts'
import { AdServer } from '../../src/ads/serving.ts'
import type { Viewer } from '../../src/ads/targeting.ts'
import { ServingTokens } from '../../src/ads/tokens.ts'
import { connectDatabase } from '../../src/platform/db/connect.ts'
import { migrate } from '../../src/platform/db/migrate.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { NATS_URL, PG_BASE_URL, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import { compare, median, requireWrk, serve, wrk } from '../support.ts'
import { BENCH_PASSWORD, seed, seeded } from '../timeline/seed.ts'
import { adsSeeded, COUNTRIES, seedAds } from './seed.ts'

const CAMPAIGNS = Number(process.env.CAMPAIGNS ?? 10_000)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const DURATION = process.env.DURATION ?? '5s'
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16)
const SECONDS = Number(process.env.SECONDS ?? 3)
const VIEWERS = 64
const DATABASE = 'socialflow_bench_ads'
const TIMELINE = { users: 3000, posts: 60_000, homeMax: 800, fanoutMax: 10_000 }
const RESERVE = 10

await requireWrk('bench/ads')
const log = createLogger({ level: 'warn', nodeId: 'bench' })
const admin = postgres(`${PG_BASE_URL}/postgres`, { max: 1, onnotice: () => {} })
if ((await admin`select 1 from pg_database where datname = ${DATABASE}`).length === 0)
  await admin.unsafe(`create database ${DATABASE}`)
await admin.end()
const url = `${PG_BASE_URL}/${DATABASE}`
const sql = postgres(url, { max: 1, onnotice: () => {} })
await migrate(sql, log)
const reseed = process.env.RESEED === '1'
if (reseed || !(await seeded(sql, TIMELINE))) {
  console.log(`seeding ${TIMELINE.users} accounts and ${TIMELINE.posts} posts (kept in database ${DATABASE})`)
  await seed(sql, TIMELINE, console.log)
}
if (reseed || !(await adsSeeded(sql, CAMPAIGNS))) {
  console.log(`seeding ${CAMPAIGNS} active campaigns`)
  await seedAds(sql, CAMPAIGNS)
}
// A quarter of the campaigns capped at 3 servings a viewer a day (the same ones every run): the
// API nodes count those servings in NATS KV, shared by the nodes.
await sql`update ad_campaigns set frequency_cap = 3
  where frequency_cap is null and get_byte(uuid_send(id), 15) % 4 = 0`

function randomViewer(i: number): Viewer {
  return {
    userId: null,
    key: `a:bench${i % 5000}`,
    country: COUNTRIES[i % COUNTRIES.length]!,
    ageBand: i % 3 === 0 ? '25-34' : null,
    device: (['mobile', 'desktop', 'tablet'] as const)[i % 3]!,
    languages: ['en'],
    interests: new Set([`tag${i % 50}`]),
    timeZone: 'UTC',
    optedOut: false,
  }
}

// 1. Decisions.
const database = await connectDatabase(
  { poolMax: CONCURRENCY, createIfMissing: false, migrateOnStart: false } as never,
  url,
)
const index = new CampaignIndex(database.db, 3_600_000, log)
const loadStarted = performance.now()
await index.refresh()
console.log(
  `index: ${index.all().length} active campaigns loaded in ${(performance.now() - loadStarted).toFixed(0)} ms`,
)

function auctionRate(
  candidates: (country: string | null) => readonly (readonly IndexedCampaign[])[],
): number {
  const started = performance.now()
  let n = 0
  while (performance.now() - started < SECONDS * 1000) {
    for (let k = 0; k < 100; k++) {
      const viewer = randomViewer(n++)
      auction(candidates(viewer.country), viewer, 'feed', 1, new Date(), RESERVE)
    }
  }
  return n / ((performance.now() - started) / 1000)
}

async function decisionRate(
  candidates: (country: string | null) => readonly (readonly IndexedCampaign[])[],
  frequency = new ServingFrequency(),
): Promise<{ rate: number; served: number }> {
  const leases = new BudgetLeases({
    billing: new Billing(database.db, 55, 'bench', 3600),
    index,
    leaseSeconds: 30,
    log,
  })
  const server = new AdServer({
    index: { candidates },
    leases,
    frequency,
    tokens: new ServingTokens(crypto.getRandomValues(new Uint8Array(32))),
    reserveMilli: RESERVE,
    tokenTtlSeconds: 3600,
    optOutCountries: [],
  })
  const started = performance.now()
  let n = 0
  let served = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() - started < SECONDS * 1000) {
        const got = await server.serve(randomViewer(n++), { placement: 'feed', slots: 1 })
        served += got.length
      }
    }),
  )
  const rate = n / ((performance.now() - started) / 1000)
  await leases.close()
  return { rate, served }
}

// The frequency counts' bucket as the API nodes of part 2 open it (their prefix).
const prefix = uniquePrefix('bench_ads')
const nc = await connect({ servers: NATS_URL })
const kv = await new Kvm(jetstream(nc)).create(`${prefix}_${ADS_FREQUENCY_BUCKET}`.toLowerCase(), {
  ttl: ADS_FREQUENCY_TTL_MS,
  history: 1,
  storage: StorageType.Memory,
})
// One for every round, as a node keeps one (what it knows of viewers at their cap carries over).
const sharedFrequency = new ServingFrequency({
  kv,
  bus: {
    get connected() {
      return !nc.isClosed()
    },
  },
  log,
})
const all = index.all()
const few = [all.slice(0, 100).sort(byRank)]
const everyCampaign = (country: string | null) => index.candidates(country)
const hundred = () => few
const auctions = { all: [] as number[], few: [] as number[] }
const decisions = { all: [] as number[], few: [] as number[], shared: [] as number[] }
for (let round = 1; round <= ROUNDS; round++) {
  auctions.all.push(auctionRate(everyCampaign))
  auctions.few.push(auctionRate(hundred))
  const a = await decisionRate(everyCampaign)
  const b = await decisionRate(hundred)
  const c = await decisionRate(everyCampaign, sharedFrequency)
  decisions.all.push(a.rate)
  decisions.few.push(b.rate)
  decisions.shared.push(c.rate)
  console.log(
    `round ${round}: auction alone ${auctions.all.at(-1)!.toFixed(0)}/s over ${all.length} vs ${auctions.few.at(-1)!.toFixed(0)}/s over 100 | ` +
      `whole decisions (${CONCURRENCY} at once) ${a.rate.toFixed(0)}/s (${((a.served / (a.rate * SECONDS)) * 100).toFixed(0)}% filled) vs ${b.rate.toFixed(0)}/s over 100 | ` +
      `counts in NATS KV ${c.rate.toFixed(0)}/s (${((c.served / (c.rate * SECONDS)) * 100).toFixed(0)}% filled)`,
  )
}
console.log(
  `\nad decisions with ${all.length} active campaigns, medians of ${ROUNDS} rounds of ${SECONDS} s:\n` +
    `  auction alone: ${median(auctions.all).toFixed(0)} decisions/s (over 100 campaigns: ${median(auctions.few).toFixed(0)}/s, ratio ${(median(auctions.all) / median(auctions.few)).toFixed(2)})\n` +
    `  whole decision (budget slices leased from PostgreSQL): ${median(decisions.all).toFixed(0)} decisions/s (over 100 campaigns: ${median(decisions.few).toFixed(0)}/s, ratio ${(median(decisions.all) / median(decisions.few)).toFixed(2)})\n` +
    `  whole decision with frequency counts in NATS KV (as the API nodes): ${median(decisions.shared).toFixed(0)} decisions/s`,
)
await database.close()
await nc.close()

// 2. A home page with ad slots and without.
const env = {
  DATABASE_URL: url,
  NATS_PREFIX: prefix,
  TRUST_PROXY: 'true',
  GEO_COUNTRY_HEADER: 'cf-ipcountry',
  RATE_LIMITS: '*=off',
  HOME_TIMELINE_MAX: String(TIMELINE.homeMax),
  FANOUT_MAX_FOLLOWERS: String(TIMELINE.fanoutMax),
  LOG_LEVEL: 'warn',
  ROLES: 'api',
}
const withAds = await serve('src/main.ts', { ...env, ADS_FEED_EVERY: '5' })
const withoutAds = await serve('src/main.ts', { ...env, ADS_FEED_EVERY: '100' })
try {
  // Each node signs its own readers in (their keys are their own until they meet in the database).
  const signIn = async (server: typeof withAds) => {
    const tokens: string[] = []
    for (let i = 0; i < VIEWERS; i++) {
      const res = await fetch(`${server.url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.3.${i >> 8}.${i & 255}` },
        body: JSON.stringify({ login: `user${14 + i * 13}`, password: BENCH_PASSWORD }),
      })
      if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`)
      tokens.push(((await res.json()) as { accessToken: string }).accessToken)
    }
    return tokens
  }
  const tokens = await signIn(withAds)
  const plainTokens = await signIn(withoutAds)
  const home = '/v1/timelines/home?limit=20'
  const check = (await (
    await fetch(`${withAds.url}${home}`, {
      headers: { authorization: `Bearer ${tokens[0]}`, 'cf-ipcountry': 'US' },
    })
  ).json()) as { items: unknown[]; sponsored?: unknown[] }
  const plain = (await (
    await fetch(`${withoutAds.url}${home}`, {
      headers: { authorization: `Bearer ${plainTokens[0]}`, 'cf-ipcountry': 'US' },
    })
  ).json()) as { items: unknown[]; sponsored?: unknown[] }
  if (!plain.items) throw new Error(`the page without ads: ${JSON.stringify(plain)}`)
  console.log(
    `\nhome page check: with ads ${check.items.length} items and ${check.sponsored?.length ?? 0} sponsored; without ${plain.items.length} items and ${plain.sponsored?.length ?? 0} sponsored`,
  )
  if (check.items.length !== 20 || check.sponsored?.length !== 4 || plain.sponsored)
    throw new Error('the pages are not as expected')
  const luaScript = async (name: string, readers: string[]) => {
    const path = `/tmp/bench-ads-${process.pid}-${name}.lua`
    await Bun.write(
      path,
      `tokens = {${readers.map((t) => `"${t}"`).join(',')}}\ncountries = {${COUNTRIES.map((c) => `"${c}"`).join(',')}}\n` +
        `agents = {"Mozilla/5.0 (iPhone) Mobile", "Mozilla/5.0 (X11; Linux x86_64)", "Mozilla/5.0 (iPad) Tablet"}\ni = 0\n` +
        `request = function()\n  i = i + 1\n  return wrk.format("GET", "${home}", { ["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1], ` +
        `["cf-ipcountry"] = countries[(i % #countries) + 1], ["User-Agent"] = agents[(i % #agents) + 1] })\nend\n`,
    )
    return path
  }
  const adsLoad = { connections: CONNECTIONS, duration: DURATION, script: await luaScript('ads', tokens) }
  const plainLoad = {
    connections: CONNECTIONS,
    duration: DURATION,
    script: await luaScript('plain', plainTokens),
  }
  await wrk(withAds, '', { ...adsLoad, duration: '2s' })
  await wrk(withoutAds, '', { ...plainLoad, duration: '2s' })
  await compare({
    title: `home timeline page (limit 20), ${CONNECTIONS} connections, ${DURATION} rounds`,
    rounds: ROUNDS,
    subject: { name: 'with ads', run: () => wrk(withAds, '', adsLoad) },
    baseline: { name: 'without', run: () => wrk(withoutAds, '', plainLoad) },
    aim: 0.9,
  })
} finally {
  for (const s of [withAds, withoutAds]) s.proc.kill('SIGTERM')
  await Promise.all([withAds.proc.exited, withoutAds.proc.exited])
  await removeNatsPrefix(prefix)
  await sql.end()
}
