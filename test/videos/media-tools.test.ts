import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { fileStorage } from '../../src/platform/storage.ts'
import { type EncodeRequest, MediaRejected, type Rendition } from '../../src/videos/encoders/encoder.ts'
import { ffmpegEncoder, ffmpegLadderArgs } from '../../src/videos/encoders/ffmpeg.ts'
import {
  missingTools,
  planLadder,
  probe,
  runTool,
  storyboard,
  ToolFailed,
  thumbnails,
  vttTime,
} from '../../src/videos/media-tools.ts'
import { sourceInfo, withoutAudio, withoutVideo } from '../support/source-info.ts'

/**
 * Real media, made here with ffmpeg's test sources, through the real tools: what ffprobe reads,
 * the ladder, one ffmpeg encode per kind of source into a local store (then decoded back to the
 * end from the stored playlists), the poster frames and the storyboard.
 */

const dir = mkdtempSync(join(tmpdir(), 'sf-media-'))
const storeDir = join(dir, 'store')
const workDir = join(dir, 'work')
const storage = fileStorage(storeDir)
const encoder = ffmpegEncoder(storage, { workDir, preset: 'ultrafast' })
const src = {
  landscape: join(dir, 'landscape.mp4'),
  portrait: join(dir, 'portrait.mp4'),
  rotated: join(dir, 'rotated.mp4'),
  fast: join(dir, 'fast-240fps.mp4'),
  audio: join(dir, 'audio.m4a'),
  corrupt: join(dir, 'corrupt.mp4'),
  text: join(dir, 'notes.txt'),
  playlist: join(dir, 'playlist'),
}

const lavfi = (graph: string) => ['-f', 'lavfi', '-i', graph]
const ffmpeg = (...args: string[]) => runTool(['ffmpeg', '-nostdin', '-v', 'error', '-y', ...args])

beforeAll(async () => {
  const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']
  await Promise.all([
    ffmpeg(
      ...lavfi('testsrc2=size=640x360:rate=30'),
      ...lavfi('sine=frequency=440:sample_rate=48000'),
      ...['-t', '6', ...x264, '-c:a', 'aac', src.landscape],
    ),
    ffmpeg(...lavfi('testsrc2=size=360x640:rate=25'), ...['-t', '6', ...x264, src.portrait]),
    ffmpeg(...lavfi('sine=frequency=330:sample_rate=44100'), ...['-t', '4', '-c:a', 'aac', src.audio]),
    ffmpeg(...lavfi('testsrc2=size=426x240:rate=240'), ...['-t', '2', ...x264, src.fast]),
  ])
  // A phone's portrait video: landscape pixels and a display matrix.
  await ffmpeg('-i', src.landscape, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', src.rotated)
  await Bun.write(src.corrupt, crypto.getRandomValues(new Uint8Array(64 * 1024)))
  await Bun.write(src.text, 'Not a video.\nJust some notes about one.\n')
  // An HLS playlist uploaded as a "video": ffmpeg would read the files it names.
  await Bun.write(
    src.playlist,
    [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:6',
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXTINF:6,',
      src.landscape,
      '#EXT-X-ENDLIST',
      '',
    ].join('\n'),
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Decodes a stored playlist to its end; the error output must be empty. Returns the seconds decoded. */
async function decodedSeconds(playlist: string): Promise<number> {
  const proc = Bun.spawn(
    ['ffmpeg', '-nostdin', '-v', 'error', '-i', playlist, '-map', '0', '-f', 'null', '-'],
    {
      stdout: 'ignore',
      stderr: 'pipe',
    },
  )
  const stderr = await new Response(proc.stderr).text()
  expect(await proc.exited).toBe(0)
  expect(stderr).toBe('')
  // ffprobe decodes every frame too: where the last one ends is the duration.
  const frames = await runTool([
    'ffprobe',
    ...['-v', 'error', '-show_entries', 'frame=best_effort_timestamp_time,pkt_duration_time'],
    ...['-of', 'csv=p=0', playlist],
  ])
  const rows = frames
    .trim()
    .split('\n')
    .map((row) => row.split(',').map(Number))
  const [start, duration] = rows.at(-1)!
  return start! + (duration || 0)
}

describe('probe', () => {
  test('a missing tool is said to be missing, not blamed on the file', async () => {
    await expect(runTool(['no-such-tool-for-socialflow', '-version'])).rejects.toThrow(
      'no-such-tool-for-socialflow is not installed on this worker',
    )
    expect(missingTools()).toEqual([])
  })

  test('a landscape video with sound', async () => {
    expect(await probe(src.landscape)).toEqual({
      ...sourceInfo({ width: 640, height: 360 }),
      durationSec: expect.closeTo(6, 1),
    })
  })

  test('portrait: as recorded, and as phones record it (rotated landscape pixels)', async () => {
    const portrait = await probe(src.portrait)
    expect(portrait).toMatchObject({ width: 360, height: 640, fps: 25, hasAudio: false, rotation: 0 })
    const rotated = await probe(src.rotated)
    expect([90, 270]).toContain(rotated.rotation)
    expect(rotated).toMatchObject({ width: 360, height: 640 })
  })

  test('audio only is accepted', async () => {
    expect(await probe(src.audio)).toMatchObject({
      ...withoutVideo,
      hasAudio: true,
      audioCodec: 'aac',
      durationSec: expect.closeTo(4, 1),
    })
  })

  test('random bytes, text and a playlist are refused with a reason; so is a source too long', async () => {
    for (const path of [src.corrupt, src.text, src.playlist]) {
      const error = await probe(path).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(MediaRejected)
      expect((error as Error).message).toBe('not a media file we can read')
    }
    const long = await probe(src.landscape, { maxDurationSec: 5 }).catch((e: unknown) => e)
    expect(long).toBeInstanceOf(MediaRejected)
    expect((long as Error).message).toMatch(/longer than 5 seconds/)
  })

  test('a failing tool reports the end of its stderr', async () => {
    const error = await runTool([
      'ffmpeg',
      '-v',
      'error',
      '-i',
      join(dir, 'absent.mp4'),
      '-f',
      'null',
      '-',
    ]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ToolFailed)
    expect((error as Error).message).toMatch(/^ffmpeg exited with code 1: .*No such file or directory/s)
  })
})

describe('planLadder', () => {
  const info = (width: number, height: number, hasAudio = true) =>
    sourceInfo({
      durationSec: 10,
      ...(width > 0 ? { width, height } : withoutVideo),
      ...(hasAudio ? {} : withoutAudio),
    })
  const sizes = (ladder: Rendition[]) => ladder.map((r) => `${r.name} ${r.width}x${r.height}`)

  test('rungs up to the source, named by the short side, even sides', () => {
    const ladder = planLadder(info(640, 360))
    expect(ladder).toEqual([
      { name: '240p', width: 426, height: 240, videoBitrate: 400_000, audioBitrate: 128_000 },
      { name: '360p', width: 640, height: 360, videoBitrate: 800_000, audioBitrate: 128_000 },
    ])
    expect(sizes(planLadder(info(1920, 1080)))).toEqual([
      '240p 426x240',
      '360p 640x360',
      '480p 854x480',
      '720p 1280x720',
      '1080p 1920x1080',
    ])
    expect(planLadder(info(3840, 2160)).at(-1)).toMatchObject({ name: '1080p', videoBitrate: 5_000_000 })
  })

  test('portrait keeps its orientation; no sound, no audio bitrate', () => {
    const ladder = planLadder(info(1080, 1920, false))
    expect(sizes(ladder)).toEqual([
      '240p 240x426',
      '360p 360x640',
      '480p 480x854',
      '720p 720x1280',
      '1080p 1080x1920',
    ])
    expect(ladder.every((r) => r.audioBitrate === 0)).toBe(true)
  })

  test('under 240 lines: one rung at its own even size; audio only: one audio rendition', () => {
    expect(sizes(planLadder(info(177, 99)))).toEqual(['98p 176x98'])
    expect(planLadder(info(0, 0))).toEqual([
      { name: 'audio', width: 0, height: 0, videoBitrate: 0, audioBitrate: 128_000 },
    ])
  })
})

describe('ffmpeg encoder', () => {
  async function encode(path: string, prefix: string, signal = new AbortController().signal) {
    const source = await probe(path)
    const progress: number[] = []
    const request: EncodeRequest = {
      videoId: prefix,
      attempt: 1,
      sourcePath: path,
      sourceKey: `uploads/${prefix}`,
      source,
      ladder: planLadder(source),
      outputPrefix: `videos/${prefix}/r1/`,
      onProgress: (percent) => progress.push(percent),
      signal,
    }
    const result = await encoder.encode(request)
    return { request, result, progress, stored: join(storeDir, request.outputPrefix) }
  }

  /** Every file a media playlist names (init segment and segments) is in storage. */
  async function expectSegmentsStored(prefix: string, playlist: string) {
    const text = await (await storage.get(`${prefix}${playlist}`))!.text()
    const names = [
      ...[...text.matchAll(/^#EXT-X-MAP:URI="([^"]+)"/gm)].map((m) => m[1]!),
      ...text.split('\n').filter((line) => line && !line.startsWith('#')),
    ]
    expect(names.length).toBeGreaterThan(1)
    for (const name of names) expect(await storage.get(`${prefix}${name}`)).not.toBeNull()
  }

  test('a video with sound: one set of segments, named by an HLS master and a DASH manifest', async () => {
    const { request, result, progress, stored } = await encode(src.landscape, 'landscape')
    expect(result.hlsMaster).toBe('master.m3u8')
    expect(result.dashManifest).toBe('manifest.mpd')
    expect(result.renditions.map((r) => r.name)).toEqual(['240p', '360p'])
    // The dash muxer names the HLS media playlists media_<representation>.m3u8: video 0 and 1, audio 2.
    expect(result.files).toEqual(
      expect.arrayContaining(['master.m3u8', 'manifest.mpd', 'media_0.m3u8', 'media_1.m3u8', 'media_2.m3u8']),
    )
    expect(
      result.files.every((f) =>
        /^(init-\d\.m4s|chunk-\d-\d{5}\.m4s|media_\d\.m3u8|master\.m3u8|manifest\.mpd)$/.test(f),
      ),
    ).toBe(true)
    let bytes = 0
    for (const file of result.files) bytes += (await storage.get(`${request.outputPrefix}${file}`))!.size
    expect(result.bytes).toBe(bytes)

    const master = await Bun.file(join(stored, 'master.m3u8')).text()
    const variants = [...master.matchAll(/^#EXT-X-STREAM-INF:(.*)\n(.+)$/gm)]
    expect(variants.map((v) => [/RESOLUTION=(\d+x\d+)/.exec(v[1]!)?.[1], v[2]])).toEqual([
      ['426x240', 'media_0.m3u8'],
      ['640x360', 'media_1.m3u8'],
    ])
    for (const [i, v] of variants.entries()) {
      const bandwidth = Number(/BANDWIDTH=(\d+)/.exec(v[1]!)?.[1])
      expect(bandwidth).toBeGreaterThanOrEqual(request.ladder[i]!.videoBitrate)
      expect(v[1]).toContain('AUDIO="group_A1"')
    }
    expect(master).toMatch(/^#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",.*URI="media_2\.m3u8"$/m)

    const mpd = await Bun.file(join(stored, 'manifest.mpd')).text()
    const attribute = (tag: string, name: string) => new RegExp(` ${name}="([^"]+)"`).exec(tag)?.[1]
    const representations = (mpd.match(/<Representation [^>]+>/g) ?? []).map((tag) => [
      attribute(tag, 'mimeType'),
      attribute(tag, 'width'),
      attribute(tag, 'height'),
    ])
    expect(representations).toEqual([
      ['video/mp4', '426', '240'],
      ['video/mp4', '640', '360'],
      ['audio/mp4', undefined, undefined],
    ])

    for (const playlist of ['media_0.m3u8', 'media_1.m3u8', 'media_2.m3u8']) {
      await expectSegmentsStored(request.outputPrefix, playlist)
      expect(Math.abs((await decodedSeconds(join(stored, playlist))) - 6)).toBeLessThanOrEqual(0.5)
    }

    expect(progress[0]).toBe(0)
    expect(progress.at(-1)).toBe(100)
    expect(progress.length).toBeGreaterThanOrEqual(3)
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThan(progress[i - 1]!)
    expect(readdirSync(workDir)).toEqual([])
  })

  test('a portrait video without sound: portrait renditions, no audio anywhere', async () => {
    const { request, result, stored } = await encode(src.portrait, 'portrait')
    expect(result.files.filter((f) => f.startsWith('media_'))).toEqual(['media_0.m3u8', 'media_1.m3u8'])
    const master = await Bun.file(join(stored, 'master.m3u8')).text()
    expect([...master.matchAll(/RESOLUTION=(\d+x\d+)/g)].map((m) => m[1])).toEqual(['240x426', '360x640'])
    expect(master).not.toContain('AUDIO')
    const mpd = await Bun.file(join(stored, 'manifest.mpd')).text()
    expect(mpd.match(/<Representation /g)).toHaveLength(2)
    expect(mpd).not.toContain('contentType="audio"')
    for (const playlist of ['media_0.m3u8', 'media_1.m3u8']) {
      await expectSegmentsStored(request.outputPrefix, playlist)
      expect(Math.abs((await decodedSeconds(join(stored, playlist))) - 6)).toBeLessThanOrEqual(0.5)
    }
  })

  test("a phone's rotated video comes out upright, in portrait renditions", async () => {
    const { stored } = await encode(src.rotated, 'rotated')
    const master = await Bun.file(join(stored, 'master.m3u8')).text()
    expect([...master.matchAll(/RESOLUTION=(\d+x\d+)/g)].map((m) => m[1])).toEqual(['240x426', '360x640'])
    // The pixels are turned, not flagged: no display matrix is left for players to apply again.
    const first = join(dir, 'rotated-first-segment.mp4')
    const parts = ['init-1.m4s', 'chunk-1-00001.m4s'].map((f) => Bun.file(join(stored, f)).bytes())
    await Bun.write(first, new Blob(await Promise.all(parts)))
    const streams = JSON.parse(
      await runTool(['ffprobe', '-v', 'error', '-print_format', 'json', '-show_streams', first]),
    ) as { streams: { width: number; height: number; side_data_list?: unknown[] }[] }
    expect(streams.streams[0]).toMatchObject({ width: 360, height: 640 })
    expect(streams.streams[0]!.side_data_list).toBeUndefined()
  })

  test('a 240 fps source comes out at the cap, 60 fps: a quarter of the frames, the same length', async () => {
    expect((await probe(src.fast)).fps).toBe(240)
    const { stored } = await encode(src.fast, 'fast')
    const out = JSON.parse(
      await runTool([
        ...['ffprobe', '-v', 'error', '-select_streams', 'v:0', '-count_frames'],
        ...['-show_entries', 'stream=avg_frame_rate,r_frame_rate,nb_read_frames', '-print_format', 'json'],
        join(stored, 'media_0.m3u8'),
      ]),
    ) as { streams: { avg_frame_rate: string; r_frame_rate: string; nb_read_frames: string }[] }
    const stream = out.streams[0]!
    const rate = (text: string) =>
      text
        .split('/')
        .map(Number)
        .reduce((n, d) => n / d)
    expect(rate(stream.r_frame_rate)).toBeLessThanOrEqual(60)
    expect(rate(stream.avg_frame_rate)).toBeLessThanOrEqual(60)
    // 2 s at 60 fps (the source has 480 frames).
    expect(Math.abs(Number(stream.nb_read_frames) - 120)).toBeLessThanOrEqual(2)
    expect(Math.abs((await decodedSeconds(join(stored, 'media_0.m3u8'))) - 2)).toBeLessThanOrEqual(0.1)
  })

  test('audio only: one AAC rendition, in the master as its only variant', async () => {
    const { request, result, stored } = await encode(src.audio, 'audio')
    expect(result.renditions).toEqual([planLadder(await probe(src.audio))[0]!])
    const master = await Bun.file(join(stored, 'master.m3u8')).text()
    expect(master.match(/^#EXT-X-STREAM-INF:.*CODECS="mp4a\.40\.2"\nmedia_0\.m3u8$/gm)).toHaveLength(1)
    await expectSegmentsStored(request.outputPrefix, 'media_0.m3u8')
    expect(Math.abs((await decodedSeconds(join(stored, 'media_0.m3u8'))) - 4)).toBeLessThanOrEqual(0.5)
  })

  test('aborting kills ffmpeg, rejects with the reason, stores nothing and leaves no files', async () => {
    // veryslow takes seconds for this source: the abort lands while ffmpeg runs.
    const slow = ffmpegEncoder(storage, { workDir, preset: 'veryslow' })
    const source = await probe(src.landscape)
    const controller = new AbortController()
    const progress: number[] = []
    const started = performance.now()
    setTimeout(() => controller.abort(new Error('cancelled by the test')), 300)
    const encoding = slow.encode({
      videoId: 'aborted',
      attempt: 1,
      sourcePath: src.landscape,
      sourceKey: 'uploads/aborted',
      source,
      ladder: planLadder(source),
      outputPrefix: 'videos/aborted/r1/',
      onProgress: (percent) => progress.push(percent),
      signal: controller.signal,
    })
    await expect(encoding).rejects.toThrow('cancelled by the test')
    expect(performance.now() - started).toBeLessThan(2000)
    expect(progress.at(-1)).toBeLessThan(99)
    expect(readdirSync(workDir)).toEqual([])
    expect(await storage.get('videos/aborted/r1/master.m3u8')).toBeNull()
  })

  test('the command a benchmark can run bare is the one the encoder runs', async () => {
    const source = await probe(src.landscape)
    const args = ffmpegLadderArgs({ sourcePath: src.landscape, source, ladder: planLadder(source) }, '/out', {
      preset: 'ultrafast',
      threads: 2,
    })
    expect(args[0]).toBe('ffmpeg')
    expect(args.at(-1)).toBe('/out/manifest.mpd')
    expect(args.join(' ')).toContain('-g 60 -keyint_min 60 -sc_threshold 0')
    expect(args.join(' ')).toContain('-b:v:1 800000 -maxrate:v:1 856000 -bufsize:v:1 1200000')
    expect(args).toContain('id=0,streams=v id=1,streams=a')
    // Under the cap (30 fps), the frames are left alone; over a lower cap, brought down to it.
    expect(args.join(' ')).not.toContain('fps=')
    const capped = ffmpegLadderArgs(
      { sourcePath: src.landscape, source, ladder: planLadder(source) },
      '/out',
      { maxFps: 24 },
    ).join(' ')
    expect(capped).toContain('[0:V:0]fps=fps=24,split=2')
    expect(capped).toContain('-g 48 -keyint_min 48')
  })
})

describe('pictures', () => {
  test('thumbnails: 1280, 640 and 320 wide, never enlarged; none for audio', async () => {
    const out = join(dir, 'pictures-landscape')
    const thumbs = await thumbnails(src.landscape, await probe(src.landscape), out)
    expect(thumbs.map((t) => [t.name, t.width, t.height])).toEqual([
      ['thumb-1280', 640, 360],
      ['thumb-640', 640, 360],
      ['thumb-320', 320, 180],
    ])
    for (const t of thumbs) {
      expect(t.file).toBe(join(out, `${t.name}.jpg`))
      expect(await sharp(t.file).metadata()).toMatchObject({
        format: 'jpeg',
        width: t.width,
        height: t.height,
      })
    }
    expect(readdirSync(out).sort()).toEqual(['thumb-1280.jpg', 'thumb-320.jpg', 'thumb-640.jpg'])
    const portrait = await thumbnails(src.rotated, await probe(src.rotated), join(dir, 'pictures-rotated'))
    expect(portrait.map((t) => `${t.width}x${t.height}`)).toEqual(['360x640', '360x640', '320x569'])
    expect(await thumbnails(src.audio, await probe(src.audio), join(dir, 'pictures-audio'))).toEqual([])
  })

  test('storyboard: a 10-column sprite of 160 px tiles, one a second here, and its WebVTT', async () => {
    const out = join(dir, 'pictures-landscape')
    const info = await probe(src.landscape)
    const board = (await storyboard(src.landscape, info, out))!
    expect(board).toEqual({
      sprite: join(out, 'storyboard.jpg'),
      vtt: join(out, 'storyboard.vtt'),
      tiles: 6,
      interval: 1,
      tileWidth: 160,
      tileHeight: 90,
    })
    expect(await sharp(board.sprite).metadata()).toMatchObject({ format: 'jpeg', width: 960, height: 90 })
    const vtt = await Bun.file(board.vtt).text()
    expect(vtt).toStartWith('WEBVTT\n')
    const cues = [...vtt.matchAll(/^(\S+) --> (\S+)\nstoryboard\.jpg#xywh=(\d+),(\d+),(\d+),(\d+)$/gm)]
    expect(cues).toHaveLength(6)
    expect(cues[0]!.slice(1)).toEqual(['00:00:00.000', '00:00:01.000', '0', '0', '160', '90'])
    expect(cues[5]!.slice(1)).toEqual(['00:00:05.000', vttTime(info.durationSec), '800', '0', '160', '90'])
    expect(vttTime(3725.5)).toBe('01:02:05.500')
    expect(await storyboard(src.audio, await probe(src.audio), join(dir, 'pictures-audio'))).toBeNull()
  })
})
