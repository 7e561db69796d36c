import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ESCROW } from '../../src/copyright/revenue.ts'
import { checkLedger } from '../../src/payments/ledger-check.ts'
import { onboard, type PaymentsWorld, startPaymentsWorld } from '../payments/support.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { uploadVideo } from '../support/media.ts'
import { activeReference, ledgerBalance } from './support.ts'
import { ffmpeg, makeWork, melody, picture } from './synth.ts'

/**
 * `monetize` into the payments ledger, end to end with the Stripe stand-in: a video carrying a
 * reference under `monetize` stays public with its claim; a tip on it is booked as a destination
 * charge (the uploader credited their part), then that part moves to the holder's account in the
 * same transaction; while the claim is disputed the shares are held in escrow, and the decision
 * pays them out. The books balance throughout (`ledger:check`).
 */
let w: PaymentsWorld
let holder: Account
let uploader: Account
let fan: Account
const dir = mkdtempSync(join(tmpdir(), 'sf-copyright-money-'))
const as = (a: Account) => a.tokens.accessToken

beforeAll(async () => {
  w = await startPaymentsWorld('copyright-monetize', { VIDEO_FFMPEG_PRESET: 'ultrafast' })
  holder = await promote(w.node, await register(w.node), 'rightsholder')
  ;[uploader, fan] = await Promise.all([register(w.node), register(w.node)])
  await onboard(w, uploader)
}, 60_000)
afterAll(async () => {
  await w?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const balance = (account: string) => ledgerBalance(w.node.ctx.db, account)

/** A paid tip of `amount` cents on the video; resolves once the webhook booked it. */
async function tip(videoId: string, amount: number) {
  const res = await call(w.node, 'POST', '/v1/tips', {
    token: as(fan),
    body: { creatorId: uploader.id, amount, currency: 'usd', subject: { kind: 'video', id: videoId } },
  })
  expect(res.status).toBe(201)
  await w.sdk.paymentIntents.confirm(res.body.paymentIntentId, { payment_method: 'pm_card_visa' })
  await eventually(async () => {
    const t = await call(w.node, 'GET', `/v1/tips/${res.body.id}`, { token: as(fan) })
    return t.body.status === 'paid'
  }, 15_000)
}

const claimOf = async (id: string) =>
  (await call(w.node, 'GET', `/v1/copyright/claims/${id}`, { token: as(uploader) })).body

describe('monetize', () => {
  test('tips on a claimed video go to the holder; held while disputed; paid out on the decision', async () => {
    await makeWork(join(dir, 'work.mp4'), 31, 40)
    await activeReference(w.node, holder, join(dir, 'work.mp4'), {
      title: 'Paid song',
      policies: { '*': 'monetize' },
    })
    await ffmpeg([
      ...['-f', 'lavfi', '-i', `${picture(77)},trim=duration=6`],
      ...['-f', 'lavfi', '-i', `${melody(77)},atrim=duration=6`],
      ...['-ss', '10', '-t', '20', '-i', join(dir, 'work.mp4')],
      '-filter_complex',
      '[0:v]scale=320:240,setsar=1,fps=25[v0];[2:v]scale=320:240,setsar=1,fps=25[v1];[1:a]aresample=44100[a0];[2:a]aresample=44100[a1];[v0][a0][v1][a1]concat=n=2:v=1:a=1[v][a]',
      ...[
        '-map',
        '[v]',
        '-map',
        '[a]',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-c:a',
        'aac',
        join(dir, 'copy.mp4'),
      ],
    ])
    const video = await uploadVideo(
      w.node,
      uploader,
      new Uint8Array(await Bun.file(join(dir, 'copy.mp4')).arrayBuffer()),
      {
        title: 'Cover',
      },
    )
    // Monetized, not blocked: the video is public, with its claim.
    let status = ''
    await eventually(async () => {
      status = (await call(w.node, 'GET', `/v1/videos/${video.id}`, { token: as(uploader) })).body.status
      return ['ready', 'blocked', 'failed'].includes(status)
    }, 120_000)
    expect(status).toBe('ready')
    const claims = await call(w.node, 'GET', '/v1/copyright/claims', { token: as(uploader) })
    const claim = claims.body.items.find((c: { videoId: string }) => c.videoId === video.id)
    expect(claim.policy).toBe('monetize')
    expect(claim.revenue).toEqual([])

    // A tip of $10 with the platform's 10%: the uploader's $9 goes to the holder.
    await tip(video.id, 1000)
    const moved = await w.node.ctx.db
      .selectFrom('ledgerTransactions as t')
      .innerJoin('ledgerEntries as e', 'e.transactionId', 't.id')
      .select(['e.account', 'e.amount'])
      .where('t.kind', '=', 'copyright.monetize')
      .execute()
    expect(Object.fromEntries(moved.map((m) => [m.account, Number(m.amount)]))).toEqual({
      [`creator:${uploader.id}`]: 900,
      [`creator:${holder.id}`]: -900,
    })
    expect(await balance(`creator:${holder.id}`)).toBe(-900)
    expect(await balance(`creator:${uploader.id}`)).toBe(0)
    expect((await claimOf(claim.id)).revenue).toEqual([{ currency: 'usd', paid: 900, held: 0 }])

    // Disputed: the next tip's share is held.
    const disputed = await call(w.node, 'POST', `/v1/copyright/claims/${claim.id}/dispute`, {
      token: as(uploader),
      body: { reason: 'My own arrangement' },
    })
    expect(disputed.status).toBe(200)
    await tip(video.id, 500)
    expect(await balance(ESCROW)).toBe(-450)
    expect(await balance(`creator:${holder.id}`)).toBe(-900)
    expect((await claimOf(claim.id)).revenue).toEqual([{ currency: 'usd', paid: 900, held: 450 }])

    // Upheld: the held share is the holder's.
    const upheld = await call(w.node, 'POST', `/v1/copyright/claims/${claim.id}/uphold`, {
      token: as(holder),
    })
    expect(upheld.status).toBe(200)
    expect(upheld.body.revenue).toEqual([{ currency: 'usd', paid: 1350, held: 0 }])
    expect(await balance(ESCROW)).toBe(0)
    expect(await balance(`creator:${holder.id}`)).toBe(-1350)
    expect(await balance(`creator:${uploader.id}`)).toBe(0)
    const report = await checkLedger(w.node.ctx.db)
    expect(report.problems).toEqual([])
    // Each side's revenue report says what the claim moved.
    const usdOf = async (a: typeof holder) =>
      (await call(w.node, 'GET', '/v1/analytics/creators/me', { token: as(a) })).body.revenue.currencies.find(
        (c: { currency: string }) => c.currency === 'usd',
      )
    expect(await usdOf(uploader)).toMatchObject({ tips: 1350, copyright: -1350, net: 0 })
    expect(await usdOf(holder)).toMatchObject({ tips: 0, copyright: 1350, net: 1350 })
  }, 300_000)
})
