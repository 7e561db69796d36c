import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { ESCROW } from '../../src/copyright/revenue.ts'
import { checkLedger } from '../../src/payments/ledger-check.ts'
import { onboard, type PaymentsWorld, startPaymentsWorld } from '../payments/support.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { makeClip, uploadVideo, whenProcessed } from '../support/media.ts'
import { activeReference, ledgerBalance } from './support.ts'
import { ffmpeg, melody } from './synth.ts'

/**
 * Lock order between a tip on a claimed video and a dispute's decision, on a real PostgreSQL. A
 * tip's payment books the charge (the creator's balance) and then the monetize claims' shares
 * (the claims); a decision locks its claim and then moves the held shares (the creator's balance
 * when released). Taken in opposite orders the two deadlock (40P01), so every path takes the
 * claims first. The test forces the dangerous interleaving each round: it holds the tip's row
 * while the webhook's transaction runs up to marking the tip paid, starts the decision while the
 * tip waits there, then lets both go. Both must finish, with no deadlock in the database, and the
 * books must balance.
 */
let w: PaymentsWorld
let holder: Account
let uploader: Account
let fan: Account
let db: postgres.Sql
const dir = mkdtempSync(join(tmpdir(), 'sf-copyright-locks-'))
const as = (a: Account) => a.tokens.accessToken
const ROUNDS = 6

beforeAll(async () => {
  w = await startPaymentsWorld('copyright-locks', { VIDEO_FFMPEG_PRESET: 'ultrafast' })
  db = postgres(w.node.databaseUrl, { max: 2, onnotice: () => {} })
  holder = await promote(w.node, await register(w.node), 'rightsholder')
  ;[uploader, fan] = await Promise.all([register(w.node), register(w.node)])
  await onboard(w, uploader)
}, 60_000)
afterAll(async () => {
  await db?.end()
  await w?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const balance = (account: string) => ledgerBalance(w.node.ctx.db, account)

async function deadlocks(): Promise<number> {
  const [row] =
    await db`select pg_stat_clear_snapshot(), deadlocks::int as n from pg_stat_database where datname = current_database()`
  return row!.n as number
}

/**
 * The database's deadlocks once every session has reported its own: the others are ended (a
 * session reports its statistics as it ends; the node's pools connect again), from a connection
 * of this function's own, which reads the count once they are gone.
 */
async function deadlocksReported(): Promise<number> {
  const own = postgres(w.node.databaseUrl, { max: 1, onnotice: () => {} })
  try {
    const ended = await own`select pid, pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`
    const pids = ended.map((r) => r.pid as number)
    await eventually(
      async () => (await own`select 1 from pg_stat_activity where pid = any(${pids}::int[])`).length === 0,
      15_000,
    )
    const [row] =
      await own`select pg_stat_clear_snapshot(), deadlocks::int as n from pg_stat_database where datname = current_database()`
    return row!.n as number
  } finally {
    await own.end()
  }
}

/** Backends of this database waiting for a lock. */
async function waiting(): Promise<string[]> {
  const rows = await db`select query from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`
  return rows.map((r) => r.query as string)
}

/** A tip on the video, as the payer's client creates and confirms it; resolves with its ids. */
async function startTip(videoId: string, amount: number) {
  const res = await call(w.node, 'POST', '/v1/tips', {
    token: as(fan),
    body: { creatorId: uploader.id, amount, currency: 'usd', subject: { kind: 'video', id: videoId } },
  })
  expect(res.status).toBe(201)
  return { id: res.body.id as string, paymentIntentId: res.body.paymentIntentId as string }
}

async function confirm(paymentIntentId: string) {
  await w.sdk.paymentIntents.confirm(paymentIntentId, { payment_method: 'pm_card_visa' })
}

async function whenPaid(tipId: string) {
  await eventually(async () => {
    const t = await call(w.node, 'GET', `/v1/tips/${tipId}`, { token: as(fan) })
    return t.body.status === 'paid'
  }, 20_000)
}

describe('a tip and a dispute decision at once', () => {
  test('no deadlock in any round; every tip paid, every decision taken; escrow emptied; the books balance', async () => {
    const clip = await makeClip(join(dir, 'clip.mp4'), { seconds: 3, size: '320x180' })
    const video = await uploadVideo(w.node, uploader, clip)
    expect((await whenProcessed(w.node, uploader, video.id)).status).toBe('ready')
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      `${melody(83)},atrim=duration=6`,
      '-c:a',
      'aac',
      join(dir, 'work.m4a'),
    ])
    const references = await Promise.all(
      Array.from({ length: ROUNDS }, (_, i) =>
        activeReference(w.node, holder, join(dir, 'work.m4a'), {
          title: `Song ${i}`,
          kind: 'audio',
          policies: { '*': 'monetize' },
        }),
      ),
    )
    const before = await deadlocks()

    for (let round = 0; round < ROUNDS; round++) {
      const claimed = await call(w.node, 'POST', '/v1/copyright/claims', {
        token: as(holder),
        body: {
          videoId: video.id,
          referenceId: references[round],
          segments: [{ kind: 'audio', videoStart: 0, videoEnd: 3, referenceStart: 1, referenceEnd: 4 }],
        },
      })
      expect(claimed.status).toBe(201)
      const claimId = claimed.body.id as string
      const disputed = await call(w.node, 'POST', `/v1/copyright/claims/${claimId}/dispute`, {
        token: as(uploader),
        body: { reason: `Mine, round ${round}` },
      })
      expect(disputed.status).toBe(200)
      // A first tip while disputed: the claim's share held in escrow (its decision will move it).
      const first = await startTip(video.id, 1000)
      await confirm(first.paymentIntentId)
      await whenPaid(first.id)

      // The racing tip: its webhook's transaction stopped where it marks the tip paid.
      const racing = await startTip(video.id, 700)
      const hold = db.reserve()
      const held = await hold
      await held`begin`
      await held`select 1 from tips where stripe_payment_intent_id = ${racing.paymentIntentId} for update`
      await confirm(racing.paymentIntentId)
      await eventually(async () => (await waiting()).some((q) => q.includes('update "tips"')), 15_000)
      // The decision, meanwhile; released on even rounds (the held shares back to the uploader's balance).
      const decision = call(
        w.node,
        'POST',
        `/v1/copyright/claims/${claimId}/${round % 2 ? 'uphold' : 'release'}`,
        {
          token: as(holder),
        },
      )
      await eventually(async () => (await waiting()).length >= 2, 15_000)
      await held`commit`
      held.release()
      const decided = await decision
      expect(decided.status).toBe(200)
      expect(decided.body.state).toBe(round % 2 ? 'upheld' : 'released')
      await whenPaid(racing.id)
    }

    // Every dispute decided: nothing left in escrow. The uploader's part of each tip (90%) is
    // the holder's or the uploader's, all of it accounted for.
    expect(await balance(ESCROW)).toBe(0)
    const parts = ROUNDS * (900 + 630)
    expect((await balance(`creator:${holder.id}`)) + (await balance(`creator:${uploader.id}`))).toBe(-parts)
    expect((await checkLedger(w.node.ctx.db)).problems).toEqual([])
    // The victim of a deadlock counts it when its session next reports (up to ~10 s later, when
    // idle) or ends: every other session of the database is ended, so all have reported.
    expect(await deadlocksReported()).toBe(before)
  }, 300_000)
})
