import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { makeClip, uploadVideo, whenProcessed } from '../support/media.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'
import { activeCampaign, admin, advertiser, as, credit } from './support.ts'

let node: TestNode
let boss: Account
let dir: string
const ads = () => node.ctx.services.ads

beforeAll(async () => {
  node = await startSocialNode('ads-serving', { GEO_COUNTRY_HEADER: 'cf-ipcountry', ADS_FEED_EVERY: '5' })
  boss = await admin(node)
  dir = mkdtempSync(join(tmpdir(), 'sf-ads-'))
})
afterAll(async () => {
  await node.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** A child process's exit code and output. */
async function run(cmd: string[]) {
  const proc = Bun.spawn(cmd, { stdout: 'pipe', stderr: 'pipe' })
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ])
  return { stdout, stderr, code }
}

async function funded() {
  const a = await advertiser(node, 'Boots & Co')
  await credit(node, boss, a.advertiserId, 1_000_000)
  return a
}

const home = (viewer: Account, country = 'GT', query = '') =>
  call(node, 'GET', `/v1/timelines/home${query}`, { token: as(viewer), headers: { 'cf-ipcountry': country } })

describe('sponsored entries in timelines', () => {
  test('a home page carries one ad every ADS_FEED_EVERY posts, marked and tracked; a short page none', async () => {
    const a = await funded()
    const first = await activeCampaign(node, a, {
      bid: { kind: 'cpm', amount: 3000 },
      targeting: { countries: ['GT'] },
    })
    const second = await activeCampaign(node, a, {
      bid: { kind: 'cpm', amount: 2000 },
      targeting: { countries: ['GT'] },
    })
    await ads().index.refresh()
    const [author, reader] = [await register(node), await register(node)]
    expect(
      (await call(node, 'POST', `/v1/users/${author.username}/follow`, { token: as(reader) })).status,
    ).toBeLessThan(300)
    for (let i = 0; i < 12; i++) await writePost(node, author, { text: `post ${i}` })
    await eventually(async () => (await home(reader)).body.items.length === 12, 10_000)
    const page = await home(reader)
    expect(page.status).toBe(200)
    expect(page.body.sponsored.map((s: { position: number }) => s.position)).toEqual([5, 10])
    const [top, next] = page.body.sponsored
    expect(top.ad).toMatchObject({
      campaignId: first,
      sponsored: true,
      advertiser: 'Boots & Co',
      headline: 'Warm feet',
      linkUrl: 'https://example.test/boots',
      image: null,
    })
    expect(top.ad.tracking.url).toBe('/v1/ads/events')
    expect(typeof top.ad.tracking.token).toBe('string')
    expect(next.ad.campaignId).toBe(second)
    // Billed when viewable, at the second price: 2000 milli, then the reserve.
    const seen = await call(node, 'POST', '/v1/ads/events', {
      token: as(reader),
      body: { token: top.ad.tracking.token, kind: 'impression', visibleShare: 0.8, visibleMs: 1000 },
    })
    expect(seen.body).toEqual({ counted: true, charged: true })
    const row = await node.ctx.db
      .selectFrom('adSpend')
      .select('amountMilli')
      .where('servingId', '=', top.ad.servingId)
      .executeTakeFirstOrThrow()
    expect(Number(row.amountMilli)).toBe(2000)
    // Four posts: no slot, no field; other countries: no ad.
    const short = await home(reader, 'GT', '?limit=4')
    expect(short.body.items.length).toBe(4)
    expect(short.body.sponsored).toBeUndefined()
    expect((await home(reader, 'HN')).body.sponsored).toBeUndefined()
    // A profile page too, for anonymous readers.
    const profile = await call(node, 'GET', `/v1/users/${author.username}/posts`, {
      headers: { 'cf-ipcountry': 'GT' },
    })
    expect(profile.body.sponsored.length).toBe(2)
    // Opted out, in a country whose law gives the choice: none.
    const careful = await register(node)
    await call(node, 'POST', `/v1/users/${author.username}/follow`, { token: as(careful) })
    await call(node, 'PUT', '/v1/me/ad-preferences', { token: as(careful), body: { optedOut: true } })
    await eventually(async () => (await home(careful, 'FR')).body.items.length === 12, 10_000)
    expect((await home(careful, 'FR')).body.sponsored).toBeUndefined()
  }, 60_000)
})

describe('pre-rolls', () => {
  test('playback carries a playable pre-roll (ffprobed) with its own signed playback; billed when viewable for 2 s; the creator shares the spend', async () => {
    const a = await funded()
    const creator = await promote(node, await register(node), 'creator')
    const clip = await makeClip(join(dir, 'clip.mp4'), { seconds: 3, size: '320x180' })
    const adVideo = await uploadVideo(node, a, clip, { visibility: 'unlisted' })
    const hostVideo = await uploadVideo(node, creator, clip)
    expect((await whenProcessed(node, a, adVideo.id)).status).toBe('ready')
    expect((await whenProcessed(node, creator, hostVideo.id)).status).toBe('ready')
    // Longer than 30 s: refused.
    const long = await uploadVideo(
      node,
      a,
      await makeClip(join(dir, 'long.mp4'), { seconds: 31, size: '160x90', rate: 5 }),
    )
    expect((await whenProcessed(node, a, long.id)).status).toBe('ready')
    const draft = await call(node, 'POST', '/v1/ads/campaigns', {
      token: as(a),
      body: {
        name: 'x',
        objective: 'impressions',
        bid: { kind: 'cpm', amount: 5000 },
        budget: { total: 1000, daily: 1000 },
        schedule: { startsAt: new Date().toISOString() },
      },
    })
    const tooLong = await call(node, 'POST', `/v1/ads/campaigns/${draft.body.id}/creatives`, {
      token: as(a),
      body: { kind: 'video', headline: 'Long', linkUrl: 'https://example.test', videoId: long.id },
    })
    expect(tooLong.status).toBe(422)
    expect(tooLong.body.code).toBe('creative_invalid')

    const campaign = await activeCampaign(
      node,
      a,
      { bid: { kind: 'cpm', amount: 5000 }, targeting: { countries: ['SV'] } },
      {
        kind: 'video',
        headline: 'Boots, moving',
        linkUrl: 'https://example.test/v',
        videoId: adVideo.id,
        body: undefined,
      },
    )
    await ads().index.refresh()
    const viewer = await register(node)
    const play = await call(node, 'GET', `/v1/videos/${hostVideo.id}/playback`, {
      token: as(viewer),
      headers: { 'cf-ipcountry': 'SV' },
    })
    expect(play.status).toBe(200)
    const ad = play.body.ad
    expect(ad).toMatchObject({
      campaignId: campaign,
      sponsored: true,
      headline: 'Boots, moving',
      skippableAfterMs: 5000,
    })
    expect(ad.durationMs).toBeGreaterThan(2500)
    expect(ad.durationMs).toBeLessThanOrEqual(30_000)
    expect(ad.hls).not.toBe(play.body.hls)
    // Its playlist opens (a signed URL of its own), and plays: every rendition decodes without an
    // error, with a video stream as long as the clip.
    const adHls = ad.hls.replace(/^https?:\/\/[^/]+/, node.url)
    const playlist = await fetch(adHls)
    expect(playlist.status).toBe(200)
    const variants = [...(await playlist.text()).matchAll(/#EXT-X-STREAM-INF:[^\n]*\n([^\n]+)/g)]
    expect(variants.length).toBeGreaterThan(0)
    for (const [, variant] of variants) {
      const url = new URL(variant!, adHls).toString()
      const decoded = await run(['ffmpeg', '-v', 'error', '-i', url, '-f', 'null', '-'])
      expect(decoded.stderr).toBe('')
      expect(decoded.code).toBe(0)
      const probed = await run([
        'ffprobe',
        '-v',
        'error',
        '-show_entries',
        'format=duration:stream=codec_type,width,height',
        '-of',
        'json',
        url,
      ])
      expect(probed.code).toBe(0)
      const info = JSON.parse(probed.stdout) as {
        format: { duration: string }
        streams: { codec_type: string; width?: number; height?: number }[]
      }
      const video = info.streams.find((st) => st.codec_type === 'video')
      expect(video?.width).toBeGreaterThan(0)
      expect(Math.abs(Number(info.format.duration) - 3)).toBeLessThan(0.5)
    }
    // A video ad's impression is viewable after 2 s in view (IAB/MRC), not 1 s; billed then, once.
    const view = (visibleMs: number) =>
      call(node, 'POST', '/v1/ads/events', {
        token: as(viewer),
        body: { token: ad.tracking.token, kind: 'impression', visibleShare: 1, visibleMs },
      })
    expect((await view(1500)).status).toBe(422)
    expect((await view(2000)).body).toEqual({ counted: true, charged: true })
    expect((await view(2000)).status).toBe(409)
    const spend = await node.ctx.db
      .selectFrom('adSpend')
      .selectAll()
      .where('servingId', '=', ad.servingId)
      .executeTakeFirstOrThrow()
    expect(spend.creatorId).toBe(creator.id)
    expect(Number(spend.amountMilli)).toBe(10)
    // 55% (ADS_CREATOR_SHARE_PERCENT) of 10 milli, rounded down; the rest the platform's.
    expect(Number(spend.creatorMilli)).toBe(5)
    expect(Number(spend.platformMilli)).toBe(5)
    // Elsewhere: playback without an ad, as before.
    const plain = await call(node, 'GET', `/v1/videos/${hostVideo.id}/playback`, {
      token: as(viewer),
      headers: { 'cf-ipcountry': 'MX' },
    })
    expect(plain.status).toBe(200)
    expect(plain.body.ad).toBeUndefined()
  }, 180_000)
})
