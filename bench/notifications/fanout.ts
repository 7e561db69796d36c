/**
 * bench/notifications/fanout.ts: a post by an account whose FOLLOWERS (1,000) followers all turned
 * the `post` notification on in-app: the time from the post's 201 to the last follower's
 * `notification` frame published on its live channel (what its gateways send to its connections),
 * on one all-in-one node; ROUNDS posts, one after another. Baseline in the same run, rounds
 * alternating: the least pipeline doing the same (postgres.js: one multi-row insert of the
 * followers' notification rows; then each follower's frame, of the same size, published on NATS),
 * timed from its start to the last frame seen.
 *
 *   bun bench/notifications/fanout.ts
 *   FOLLOWERS=300 ROUNDS=3 bun bench/notifications/fanout.ts
 */
import { connect } from '@nats-io/transport-node'
import postgres from 'postgres'
import { type Account, call, register } from '../../test/support/accounts.ts'
import { NATS_URL } from '../../test/support/services.ts'
import { startSocialNode, writePost } from '../../test/support/social.ts'

const FOLLOWERS = Number(process.env.FOLLOWERS ?? 1000)
const ROUNDS = Number(process.env.ROUNDS ?? 3)

const node = await startSocialNode('bench_fanout', { RATE_LIMITS: '*=off', LOG_LEVEL: 'warn' })
const nc = await connect({ servers: NATS_URL })
try {
  const author = await register(node)
  const fans: Account[] = []
  let next = 0
  const t0 = Date.now()
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < FOLLOWERS) {
        next++
        const fan = await register(node)
        const token = fan.tokens.accessToken
        const follow = await call(node, 'POST', `/v1/users/${author.username}/follow`, { token })
        if (follow.status >= 300) throw new Error(`follow: ${follow.status}`)
        const prefs = await call(node, 'PUT', '/v1/notifications/preferences', {
          token,
          body: { types: { post: { channels: { in_app: true } } } },
        })
        if (prefs.status !== 200) throw new Error(`preferences: ${prefs.status}`)
        fans.push(fan)
      }
    }),
  )
  console.log(`${FOLLOWERS} followers in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  const seen = new Set<string>()
  let last = 0
  let first = 0
  let frameBytes = 0
  const sub = nc.subscribe(`${node.prefix}.live.user.>`)
  ;(async () => {
    for await (const m of sub) {
      const frame = JSON.parse(new TextDecoder().decode(m.data)) as { type: string; channel: string }
      if (frame.type !== 'notification') continue
      if (seen.size === 0) first = Date.now()
      seen.add(frame.channel)
      frameBytes = m.data.length
      last = Date.now()
    }
  })()
  const bareSeen = new Set<string>()
  let bareLast = 0
  const bareSub = nc.subscribe(`${node.prefix}.bare.user.>`)
  ;(async () => {
    for await (const m of bareSub) {
      bareSeen.add(m.subject)
      bareLast = Date.now()
    }
  })()
  const sql = postgres(node.databaseUrl, { max: 4, onnotice: () => {} })
  await sql`create table bare_notifications (id uuid primary key, user_id uuid not null, post_id uuid, created_at timestamptz not null default now())`
  const fanIds = fans.map((f) => f.id)
  const waitFor = async (set: Set<string>, at: number) => {
    while (set.size < FOLLOWERS) {
      if (Date.now() - at > 120_000) throw new Error(`only ${set.size} of ${FOLLOWERS} notified`)
      await Bun.sleep(5)
    }
  }
  const platform: number[] = []
  const bare: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    seen.clear()
    const at = Date.now()
    const post = await writePost(node, author, { text: `round ${r}` })
    const posted = Date.now()
    await waitFor(seen, at)
    platform.push(last - posted)
    const firstAfter = first - posted

    bareSeen.clear()
    const bareAt = Date.now()
    await sql`insert into bare_notifications (id, user_id, post_id)
      select gen_random_uuid(), u, ${post} from unnest(${sql.array(fanIds)}::uuid[]) as u`
    const payload = new TextEncoder().encode('x'.repeat(Math.max(frameBytes, 1)))
    for (const id of fanIds) nc.publish(`${node.prefix}.bare.user.${id}`, payload)
    await waitFor(bareSeen, bareAt)
    bare.push(bareLast - bareAt)
    console.log(
      `round ${r + 1}: ${FOLLOWERS} followers, the first frame ${firstAfter} ms and the last ${platform.at(-1)} ms after the post (frames of ${frameBytes} bytes); bare ${bare.at(-1)} ms`,
    )
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  console.log(
    `medians: platform ${median(platform)} ms, bare ${median(bare)} ms; ratio (bare / platform) ${(median(bare) / median(platform)).toFixed(2)}`,
  )
  sub.unsubscribe()
  bareSub.unsubscribe()
  await sql.end()
} finally {
  await nc.close()
  await node.stop()
}
