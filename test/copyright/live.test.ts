import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Subprocess } from 'bun'
import {
  LIVE_WINDOW_SECONDS,
  mergeLive,
  nextWindow,
  playlistEntries,
  secondsAfter,
} from '../../src/copyright/live.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'
import { activeReference } from './support.ts'
import { ffmpeg, melody, picture } from './synth.ts'

/**
 * A claim while live, end to end: a streamer pushes (RTMP, in real time) a stream that carries a
 * rightsholder's reference after some music of their own; the rolling windows of its stored HLS
 * segments are matched while it is live: a claim on the stream, a warning in its chat room and
 * notifications; the reference goes on after the warning, so the stream is cut (ended, pusher
 * gone). A reference blocked in one country only is applied as a video's claim is: the stream is
 * refused to viewers there while live, played elsewhere, never cut. A stream of other music is
 * never claimed.
 *
 * The three streams run at once (`describe.concurrent`): each is pushed in real time, so most of
 * a test is waiting on the stream's clock, and one worker scans every live stream in each round.
 */
let node: TestNode
let holder: Account
let streamer: Account
const dir = mkdtempSync(join(tmpdir(), 'sf-copyright-live-'))
const pushers: Subprocess[] = []
const as = (a: Account) => a.tokens.accessToken

beforeAll(async () => {
  node = await startSocialNode('copyright_live', {
    LIVE_RTMP_PORT: '0',
    LIVE_IDLE_END_SECONDS: '5',
    COPYRIGHT_LIVE_SECONDS: '2',
    GEO_COUNTRY_HEADER: 'CF-IPCountry',
    MODERATION_LIVE_FRAME_SECONDS: '0',
    VIDEO_FFMPEG_PRESET: 'ultrafast',
  })
  holder = await promote(node, await register(node), 'rightsholder')
  streamer = await register(node)
})
afterAll(async () => {
  for (const p of pushers) p.kill()
  await node.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** `path` pushed to the stream's key in real time, as an encoder would. */
function push(key: string, path: string) {
  const proc = Bun.spawn(
    [
      ...['ffmpeg', '-nostdin', '-hide_banner', '-loglevel', 'error', '-re', '-i', path],
      ...[
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-tune',
        'zerolatency',
        '-pix_fmt',
        'yuv420p',
        '-g',
        '25',
      ],
      ...['-c:a', 'aac', '-f', 'flv', `rtmp://127.0.0.1:${node.ctx.services.live.ingest!.port}/live/${key}`],
    ],
    { stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' },
  )
  pushers.push(proc)
  return proc
}

async function createStream(title: string) {
  const res = await call(node, 'POST', '/v1/live/streams', {
    token: as(streamer),
    body: { title, visibility: 'public', latencyMode: 'normal', record: false },
  })
  expect(res.status).toBe(201)
  return res.body as { id: string; ingest: { streamKey: string } }
}

const stateOf = async (id: string) => (await call(node, 'GET', `/v1/live/streams/${id}`)).body.state

async function roomEvents(streamId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return node.ctx.db
    .selectFrom('liveChatEvents')
    .select(['type', 'data'])
    .where('streamId', '=', streamId)
    .orderBy('seq')
    .execute() as Promise<{ type: string; data: Record<string, unknown> }[]>
}

interface LiveClaim {
  id: string
  videoId: string | null
  referenceId: string
  policy: string
  warnedAt: string | null
  cutAt: string | null
  history: { action: string }[]
  segments: { kind: string; videoStart: number; videoEnd: number; referenceStart: number }[]
}

describe('the rolling window', () => {
  test('new segments follow the last one known; the window keeps the newest 30 s', () => {
    const listed = playlistEntries(
      '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.000,\na-00001.ts\n#EXTINF:4.000,\na-00002.ts\n#EXTINF:3.5,\na-00003.ts\n',
    )
    expect(listed).toEqual([
      { name: 'a-00001.ts', seconds: 4 },
      { name: 'a-00002.ts', seconds: 4 },
      { name: 'a-00003.ts', seconds: 3.5 },
    ])
    const first = nextWindow([], listed.slice(0, 2))
    expect(first.fresh).toBe(2)
    const second = nextWindow(first.window, listed)
    expect(second.fresh).toBe(1)
    expect(second.window.at(-1)).toEqual({ name: 'a-00003.ts', start: 8, seconds: 3.5 })
    expect(nextWindow(second.window, listed).fresh).toBe(0)
    const many = Array.from({ length: 20 }, (_, i) => ({ name: `b-${i}.ts`, seconds: 4 }))
    const w = nextWindow([], many).window
    expect(w.map((s) => s.name)).toEqual(many.slice(-8).map((s) => s.name))
    expect(w.at(-1)!.start + 4 - w[0]!.start).toBeLessThanOrEqual(LIVE_WINDOW_SECONDS + 4)
  })

  test('live segments merge across windows; seconds after the warning are counted', () => {
    const seg = (kind: 'audio' | 'video', a: number, b: number) => ({
      kind,
      videoStart: a,
      videoEnd: b,
      referenceStart: a,
      referenceEnd: b,
      confidence: 0.5,
    })
    const merged = mergeLive([seg('audio', 5, 20), seg('video', 6, 19)], [seg('audio', 12, 34)])
    expect(merged.filter((s) => s.kind === 'audio')).toHaveLength(1)
    expect(merged.find((s) => s.kind === 'audio')!.videoEnd).toBe(34)
    expect(secondsAfter([seg('audio', 12, 34), seg('video', 10, 30)], 20)).toBe(14)
    expect(secondsAfter([seg('audio', 2, 10)], 20)).toBe(0)
  })
})

describe.concurrent('copyright while live', () => {
  test('a stream carrying a reference is claimed while live, its streamer warned, then it is cut', async () => {
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      `${melody(23)},atrim=duration=70`,
      '-c:a',
      'aac',
      join(dir, 'work.m4a'),
    ])
    // 4 s of the streamer's own music, then the reference from 5 s on, under their own picture
    // (made while the reference is fingerprinted).
    const [referenceId] = await Promise.all([
      activeReference(node, holder, join(dir, 'work.m4a'), {
        title: 'Live song',
        kind: 'audio',
        policies: { '*': 'block' },
      }),
      ffmpeg([
        ...['-f', 'lavfi', '-i', `${picture(71)},trim=duration=64`],
        ...['-f', 'lavfi', '-i', `${melody(71)},atrim=duration=4`],
        ...['-ss', '5', '-t', '60', '-i', join(dir, 'work.m4a')],
        '-filter_complex',
        '[1:a]aresample=44100[a0];[2:a]volume=0.8,aresample=44100[a1];[a0][a1]concat=n=2:v=0:a=1[a]',
        ...['-map', '0:v', '-map', '[a]', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25'],
        ...['-c:a', 'aac', '-t', '64', join(dir, 'stream.mp4')],
      ]),
    ])
    const stream = await createStream('Playing some tunes')
    push(stream.ingest.streamKey, join(dir, 'stream.mp4'))
    await eventually(async () => (await stateOf(stream.id)) === 'live', 15_000)

    // The claim comes while the stream is live, with the warning.
    let claim = {} as LiveClaim
    await eventually(async () => {
      await Bun.sleep(250)
      const list = await call(node, 'GET', '/v1/copyright/claims', { token: as(streamer) })
      claim = list.body.items.find((c: { streamId: string }) => c.streamId === stream.id) ?? claim
      return Boolean(claim.id)
    }, 60_000)
    expect(await stateOf(stream.id)).toBe('live')
    expect(claim.videoId).toBeNull()
    expect(claim.referenceId).toBe(referenceId)
    expect(claim.policy).toBe('block')
    expect(claim.warnedAt).not.toBeNull()
    expect(claim.cutAt).toBeNull()
    expect(claim.history.map((h) => h.action)).toEqual(['claimed', 'warned'])
    const audio = claim.segments.find((s) => s.kind === 'audio')!
    // The reference starts 4 s into the stream, 5 s into the work.
    expect(audio.videoStart).toBeGreaterThan(1)
    expect(audio.videoStart).toBeLessThan(7)
    expect(Math.abs(audio.referenceStart - audio.videoStart - 1)).toBeLessThan(2)
    const warning = (await roomEvents(stream.id)).find((e) => e.type === 'copyright.warning')
    expect(warning?.data.claimId).toBe(claim.id)
    await eventually(async () => {
      const list = await call(node, 'GET', '/v1/notifications?types=copyright', { token: as(streamer) })
      return list.body.items.some((n: { copyrightClaimId: string }) => n.copyrightClaimId === claim.id)
    }, 15_000)
    const byHolder = await call(node, 'GET', '/v1/copyright/claims?as=holder', { token: as(holder) })
    expect(byHolder.body.items.map((c: { id: string }) => c.id)).toContain(claim.id)

    // The music goes on: the stream is cut.
    await eventually(async () => (await stateOf(stream.id)) === 'ended', 60_000)
    const after = await call(node, 'GET', `/v1/copyright/claims/${claim.id}`, { token: as(streamer) })
    expect(after.body.cutAt).not.toBeNull()
    expect(after.body.history.map((h: { action: string }) => h.action)).toEqual(['claimed', 'warned', 'cut'])
    const ended = await node.ctx.db
      .selectFrom('liveStreams')
      .select(['state', 'endedAt'])
      .where('id', '=', stream.id)
      .executeTakeFirstOrThrow()
    expect(ended.state).toBe('ended')
    // Cut before the pusher ran out (64 s).
    expect((await roomEvents(stream.id)).some((e) => e.type === 'copyright.cut')).toBe(true)
  }, 240_000)

  test('a reference blocked in one country: the live stream is refused there, played elsewhere, not cut', async () => {
    await ffmpeg(['-f', 'lavfi', '-i', `${melody(29)},atrim=duration=60`, '-c:a', 'aac', join(dir, 'de.m4a')])
    // 4 s of the streamer's own music, then the reference (made while it is fingerprinted).
    const [referenceId] = await Promise.all([
      activeReference(node, holder, join(dir, 'de.m4a'), {
        title: 'Not in Germany',
        kind: 'audio',
        policies: { '*': 'monetize', DE: 'block' },
      }),
      ffmpeg([
        ...['-f', 'lavfi', '-i', `${picture(73)},trim=duration=50`],
        ...['-f', 'lavfi', '-i', `${melody(73)},atrim=duration=4`],
        ...['-t', '46', '-i', join(dir, 'de.m4a')],
        '-filter_complex',
        '[1:a]aresample=44100[a0];[2:a]aresample=44100[a1];[a0][a1]concat=n=2:v=0:a=1[a]',
        ...['-map', '0:v', '-map', '[a]', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25'],
        ...['-c:a', 'aac', '-t', '50', join(dir, 'de-stream.mp4')],
      ]),
    ])
    const stream = await createStream('Tunes for some')
    const pusher = push(stream.ingest.streamKey, join(dir, 'de-stream.mp4'))
    await eventually(async () => (await stateOf(stream.id)) === 'live', 15_000)
    const viewer = await register(node)
    const play = (who: Account, country: string) =>
      call(node, 'GET', `/v1/live/streams/${stream.id}/playback`, {
        token: as(who),
        headers: { 'cf-ipcountry': country },
      })
    // Before any claim it plays in Germany too.
    expect((await play(viewer, 'DE')).status).toBe(200)

    let claim = {} as LiveClaim & { blockedCountries: string[] }
    await eventually(async () => {
      await Bun.sleep(250)
      const list = await call(node, 'GET', '/v1/copyright/claims', { token: as(streamer) })
      claim = list.body.items.find((c: { streamId: string }) => c.streamId === stream.id) ?? claim
      return Boolean(claim.id)
    }, 60_000)
    expect(claim.referenceId).toBe(referenceId)
    expect(claim.policy).toBe('monetize')
    expect(claim.blockedCountries).toEqual(['DE'])
    expect(claim.warnedAt).toBeNull()
    expect(await stateOf(stream.id)).toBe('live')
    const refused = await play(viewer, 'de')
    expect(refused.status).toBe(451)
    expect(refused.body.code).toBe('region_blocked')
    const elsewhere = await play(viewer, 'FR')
    expect(elsewhere.status).toBe(200)
    expect(elsewhere.body.live).toBe(true)
    // The streamer sees their own stream from anywhere.
    expect((await play(streamer, 'DE')).status).toBe(200)
    // Not cut while the reference goes on: later windows carry it for the reference's minimum
    // seconds more (what cuts a blocking claim after its warning), and the claim stays without one.
    const matchedTo = (c: LiveClaim) =>
      Math.max(0, ...c.segments.filter((s) => s.kind === 'audio').map((s) => s.videoEnd))
    const claimedTo = matchedTo(claim)
    let later = { body: claim as LiveClaim }
    await eventually(async () => {
      await Bun.sleep(500)
      later = await call(node, 'GET', `/v1/copyright/claims/${claim.id}`, { token: as(streamer) })
      return matchedTo(later.body) >= claimedTo + 10
    }, 60_000)
    expect(await stateOf(stream.id)).toBe('live')
    expect(later.body.cutAt).toBeNull()
    expect(later.body.history.map((h: { action: string }) => h.action)).toEqual(['claimed'])
    pusher.kill()
  }, 180_000)

  test('a stream of other music is not claimed', async () => {
    await ffmpeg([
      ...['-f', 'lavfi', '-i', `${picture(6)},trim=duration=24`],
      ...['-f', 'lavfi', '-i', `${melody(5)},atrim=duration=24`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac', join(dir, 'other.mp4')],
    ])
    const stream = await createStream('My own music')
    const pusher = push(stream.ingest.streamKey, join(dir, 'other.mp4'))
    await eventually(async () => (await stateOf(stream.id)) === 'live', 15_000)
    await pusher.exited
    // Scanned while live (its windows counted), and nothing claimed.
    const scan = await node.ctx.db
      .selectFrom('copyrightLiveScans')
      .select('windows')
      .where('streamId', '=', stream.id)
      .executeTakeFirst()
    expect(scan?.windows ?? 0).toBeGreaterThan(2)
    const list = await call(node, 'GET', '/v1/copyright/claims', { token: as(streamer) })
    expect(list.body.items.some((c: { streamId: string }) => c.streamId === stream.id)).toBe(false)
  }, 120_000)
})
