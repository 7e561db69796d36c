import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { keptIntervals, trimMedia } from '../../src/copyright/trim.ts'
import { probe } from '../../src/videos/media-tools.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { uploadVideo } from '../support/media.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'
import { activeReference } from './support.ts'
import { ffmpeg, makeWork, melody, picture } from './synth.ts'

/**
 * Trimming: the uploader of a blocked video cuts the claimed segments out; the claim is released
 * (`trimmed`), the video encoded and matched again, and it is public without the reference.
 */
let node: TestNode
let holder: Account
let uploader: Account
const dir = mkdtempSync(join(tmpdir(), 'sf-copyright-trim-'))
const as = (a: Account) => a.tokens.accessToken

describe('kept intervals', () => {
  test('the union of the cut segments is taken out', () => {
    expect(keptIntervals([{ start: 10, end: 30 }], 40)).toEqual([
      [0, 10],
      [30, 40],
    ])
    expect(
      keptIntervals(
        [
          { start: 12, end: 20 },
          { start: 9.5, end: 14 },
          { start: 35, end: 50 },
        ],
        40,
      ),
    ).toEqual([
      [0, 9.5],
      [20, 35],
    ])
    expect(keptIntervals([{ start: 0, end: 40 }], 40)).toEqual([])
  })
})

describe('trimMedia', () => {
  // A source of each layout the pipeline accepts: both streams, a video without sound, audio only.
  const layouts = [
    { name: 'video and audio', video: true, audio: true },
    { name: 'video without an audio track', video: true, audio: false },
    { name: 'audio only', video: false, audio: true },
  ]
  for (const layout of layouts)
    test(`${layout.name}: the kept intervals joined, the same streams kept`, async () => {
      const source = join(dir, `layout-${layout.video}-${layout.audio}.mp4`)
      await ffmpeg([
        ...(layout.video ? ['-f', 'lavfi', '-i', `${picture(5)},trim=duration=8`] : []),
        ...(layout.audio ? ['-f', 'lavfi', '-i', `${melody(5)},atrim=duration=8`] : []),
        ...(layout.video ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'] : []),
        ...(layout.audio ? ['-c:a', 'aac'] : []),
        ...['-t', '8', source],
      ])
      const out = join(dir, `trimmed-${layout.video}-${layout.audio}.mp4`)
      await trimMedia(
        source,
        [
          [0, 2],
          [4.5, 6],
        ],
        out,
      )
      const info = await probe(out)
      expect(info.hasVideo).toBe(layout.video)
      expect(info.hasAudio).toBe(layout.audio)
      expect(Math.abs(info.durationSec - 3.5)).toBeLessThan(0.25)
    })
})

describe('trimming', () => {
  beforeAll(async () => {
    node = await startSocialNode('copyright_trim', { VIDEO_FFMPEG_PRESET: 'ultrafast' })
    holder = await promote(node, await register(node), 'rightsholder')
    uploader = await register(node)
    await makeWork(join(dir, 'work.mp4'), 41, 40)
    await activeReference(node, holder, join(dir, 'work.mp4'), {
      title: 'Trimmed song',
      policies: { '*': 'block' },
    })
  }, 180_000)
  afterAll(async () => {
    await node?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const statusOf = async (id: string) =>
    (await call(node, 'GET', `/v1/videos/${id}`, { token: as(uploader) })).body

  /** 12 s of the uploader's own, 20 s of the work, 12 s of their own again; with or without sound. */
  async function makeCopy(path: string, withAudio: boolean): Promise<void> {
    const video =
      '[0:v]scale=320:240,setsar=1,fps=25,split[va][vb];[va]trim=0:12,setpts=PTS-STARTPTS[v0];[vb]trim=12:24,setpts=PTS-STARTPTS[v2];[2:v]scale=320:240,setsar=1,fps=25[v1]'
    const audio =
      '[1:a]aresample=44100,asplit[aa][ab];[aa]atrim=0:12,asetpts=PTS-STARTPTS[a0];[ab]atrim=12:24,asetpts=PTS-STARTPTS[a2];[2:a]aresample=44100[a1]'
    const graph = withAudio
      ? `${video};${audio};[v0][a0][v1][a1][v2][a2]concat=n=3:v=1:a=1[v][a]`
      : `${video};[v0][v1][v2]concat=n=3:v=1:a=0[v]`
    await ffmpeg([
      ...['-f', 'lavfi', '-i', `${picture(88)},trim=duration=24`],
      ...['-f', 'lavfi', '-i', `${melody(88)},atrim=duration=24`],
      ...['-ss', '10', '-t', '20', '-i', join(dir, 'work.mp4')],
      ...['-filter_complex', graph, '-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast'],
      ...(withAudio ? ['-map', '[a]', '-c:a', 'aac'] : []),
      path,
    ])
  }

  for (const withAudio of [true, false])
    test(`${withAudio ? 'with sound' : 'a video without an audio track'}: the claimed segments cut out, the claim released, the video matched again and public`, async () => {
      const path = join(dir, `copy-${withAudio}.mp4`)
      await makeCopy(path, withAudio)
      const video = await uploadVideo(node, uploader, new Uint8Array(await Bun.file(path).arrayBuffer()))
      await eventually(async () => (await statusOf(video.id)).status === 'blocked', 150_000)
      const claims = await call(node, 'GET', '/v1/copyright/claims', { token: as(uploader) })
      const claim = claims.body.items.find((c: { videoId: string }) => c.videoId === video.id)
      // Without sound only the picture matched.
      if (!withAudio) expect(claim.segments.every((s: { kind: string }) => s.kind === 'video')).toBe(true)
      // Only the uploader may trim; a stranger is told there is no such claim.
      expect(
        (await call(node, 'POST', `/v1/copyright/claims/${claim.id}/trim`, { token: as(holder) })).status,
      ).toBe(404)
      const trim = await call(node, 'POST', `/v1/copyright/claims/${claim.id}/trim`, { token: as(uploader) })
      expect(trim.status).toBe(202)
      expect(trim.body.videoId).toBe(video.id)
      let after: Record<string, unknown> = {}
      await eventually(async () => {
        after = await statusOf(video.id)
        return after.status === 'ready' || after.status === 'failed'
      }, 240_000)
      expect(after.status).toBe('ready')
      // About 24 s left of 44.
      expect(Math.abs(Number(after.durationMs) / 1000 - 24)).toBeLessThan(4)
      const released = await call(node, 'GET', `/v1/copyright/claims/${claim.id}`, { token: as(uploader) })
      expect(released.body.state).toBe('released')
      expect(released.body.history.map((h: { action: string }) => h.action)).toEqual(['claimed', 'trimmed'])
      expect((await call(node, 'GET', `/v1/videos/${video.id}`)).status).toBe(200)
    }, 600_000)
})
