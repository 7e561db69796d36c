import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionIn } from '../../src/copyright/policies.ts'
import { ESCROW } from '../../src/copyright/revenue.ts'
import { checkLedger } from '../../src/payments/ledger-check.ts'
import { activeCampaign, admin, advertiser, credit } from '../ads/support.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { makeClip, uploadVideo, whenProcessed } from '../support/media.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'
import { activeReference, ledgerBalance } from './support.ts'
import { ffmpeg, melody } from './synth.ts'

/**
 * `monetize` claims take the creator's share of pre-roll ad spend, as they take tips: the spend
 * row names the video the ad played before; the ads sweep books the creator's share and, in the
 * same transaction, moves what the video's monetize claims take (by the viewer's country under
 * the reference's territory policies) to the holder, or to escrow while disputed. Shares below a
 * minor unit are carried per claim. The books balance (`checkLedger`).
 */
let node: TestNode
let holder: Account
let uploader: Account
let viewer: Account
const dir = mkdtempSync(join(tmpdir(), 'sf-copyright-ads-'))
const as = (a: Account) => a.tokens.accessToken
const ads = () => node.ctx.services.ads

beforeAll(async () => {
  // A lone bidder pays the reserve: 3000 milli an impression, the creator's half 1500.
  node = await startSocialNode('copyright_ads', {
    GEO_COUNTRY_HEADER: 'cf-ipcountry',
    ADS_RESERVE_CPM: '3000',
    ADS_CREATOR_SHARE_PERCENT: '50',
    VIDEO_FFMPEG_PRESET: 'ultrafast',
  })
  holder = await promote(node, await register(node), 'rightsholder')
  ;[uploader, viewer] = await Promise.all([register(node), register(node)])
}, 60_000)
afterAll(async () => {
  await node?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const balance = (account: string) => ledgerBalance(node.ctx.db, account)

/** Plays the video from `country`: a pre-roll served (and charged) each time. */
async function play(videoId: string, country: string, times: number) {
  for (let i = 0; i < times; i++) {
    const res = await call(node, 'GET', `/v1/videos/${videoId}/playback`, {
      token: as(viewer),
      headers: { 'cf-ipcountry': country },
    })
    expect(res.status).toBe(200)
    expect(res.body.ad?.servingId).toBeString()
    // A CPM pre-roll is billed when viewable: 2 s of it in view.
    const seen = await call(node, 'POST', '/v1/ads/events', {
      token: as(viewer),
      headers: { 'cf-ipcountry': country },
      body: { token: res.body.ad.tracking.token, kind: 'impression', visibleShare: 1, visibleMs: 2000 },
    })
    expect(seen.body).toEqual({ counted: true, charged: true })
  }
}

async function sweep() {
  while (await ads().spendLedger.postDue()) {}
  await ads().spendLedger.postDue()
}

describe('territory policies', () => {
  test("a country's own rule, else `*`, else track", () => {
    const p = { '*': 'monetize', DE: 'track' } as const
    expect(actionIn(p, 'DE')).toBe('track')
    expect(actionIn(p, 'de')).toBe('track')
    expect(actionIn(p, 'SV')).toBe('monetize')
    expect(actionIn(p, null)).toBe('monetize')
    expect(actionIn({ US: 'monetize' }, 'FR')).toBe('track')
  })
})

describe('pre-roll spend on a claimed video', () => {
  test('the creator’s share goes to the holder where the policy monetizes; held while disputed; the books balance', async () => {
    const boss = await admin(node)
    const a = await advertiser(node, 'Tunes & Co')
    await credit(node, boss, a.advertiserId, 1_000_000)
    const clip = await makeClip(join(dir, 'clip.mp4'), { seconds: 3, size: '320x180' })
    const adVideo = await uploadVideo(node, a, clip, { visibility: 'unlisted' })
    const video = await uploadVideo(node, uploader, clip)
    expect((await whenProcessed(node, a, adVideo.id)).status).toBe('ready')
    expect((await whenProcessed(node, uploader, video.id)).status).toBe('ready')

    // The holder's reference: monetized everywhere but Germany (tracked there).
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      `${melody(61)},atrim=duration=12`,
      '-c:a',
      'aac',
      join(dir, 'work.m4a'),
    ])
    const referenceId = await activeReference(node, holder, join(dir, 'work.m4a'), {
      title: 'Ad song',
      kind: 'audio',
      policies: { '*': 'monetize', DE: 'track' },
    })
    const claimed = await call(node, 'POST', '/v1/copyright/claims', {
      token: as(holder),
      body: {
        videoId: video.id,
        referenceId,
        segments: [{ kind: 'audio', videoStart: 0, videoEnd: 3, referenceStart: 2, referenceEnd: 5 }],
      },
    })
    expect(claimed.status).toBe(201)
    expect(claimed.body.policy).toBe('monetize')
    const claimId = claimed.body.id as string
    expect((await whenProcessed(node, uploader, video.id)).status).toBe('ready')

    await activeCampaign(
      node,
      a,
      { bid: { kind: 'cpm', amount: 5000 }, targeting: { countries: ['SV', 'DE'] } },
      {
        kind: 'video',
        headline: 'Hear this',
        linkUrl: 'https://example.test/v',
        videoId: adVideo.id,
        body: undefined,
      },
    )
    await ads().index.refresh()

    // 3 plays in El Salvador (monetized: 4500 milli to the holder), 2 in Germany (tracked: the uploader's).
    await play(video.id, 'SV', 3)
    await play(video.id, 'DE', 2)
    const rows = await node.ctx.db
      .selectFrom('adSpend')
      .select(['videoId', 'creatorId', 'creatorMilli', 'country'])
      .where('videoId', '=', video.id)
      .execute()
    expect(rows).toHaveLength(5)
    expect(rows.every((r) => r.creatorId === uploader.id && Number(r.creatorMilli) === 1500)).toBe(true)
    await sweep()
    const holderAccount = `creator:${holder.id}`
    const uploaderAccount = `creator:${uploader.id}`
    // 4 units to the holder (500 milli carried); the uploader keeps 7 − 4.
    expect(await balance(holderAccount)).toBe(-4)
    expect(await balance(uploaderAccount)).toBe(-3)
    const claimOf = async () =>
      (await call(node, 'GET', `/v1/copyright/claims/${claimId}`, { token: as(uploader) })).body
    expect((await claimOf()).revenue).toEqual([{ currency: 'usd', paid: 4, held: 0 }])

    // One more: the carried 500 milli make a unit with it.
    await play(video.id, 'SV', 1)
    await sweep()
    expect(await balance(holderAccount)).toBe(-6)
    expect(await balance(uploaderAccount)).toBe(-3)

    // Disputed: the next shares are held; released, they go back to the uploader.
    const disputed = await call(node, 'POST', `/v1/copyright/claims/${claimId}/dispute`, {
      token: as(uploader),
      body: { reason: 'My own recording' },
    })
    expect(disputed.status).toBe(200)
    await play(video.id, 'SV', 2)
    await sweep()
    expect(await balance(ESCROW)).toBe(-3)
    expect(await balance(holderAccount)).toBe(-6)
    expect((await claimOf()).revenue).toEqual([{ currency: 'usd', paid: 6, held: 3 }])
    const released = await call(node, 'POST', `/v1/copyright/claims/${claimId}/release`, {
      token: as(holder),
    })
    expect(released.status).toBe(200)
    expect(released.body.revenue).toEqual([{ currency: 'usd', paid: 6, held: 0 }])
    expect(await balance(ESCROW)).toBe(0)
    // 12,000 milli of creator share in all: 6 to the holder, 6 the uploader's.
    expect(await balance(uploaderAccount)).toBe(-6)
    // Released: later spend stays with the uploader.
    await play(video.id, 'SV', 2)
    await sweep()
    expect(await balance(holderAccount)).toBe(-6)
    expect(await balance(uploaderAccount)).toBe(-9)
    expect((await checkLedger(node.ctx.db)).problems).toEqual([])
  }, 240_000)
})
