import { afterAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateJobCommand } from '@aws-sdk/client-mediaconvert'
import { fileStorage } from '../../src/platform/storage.ts'
import type { EncodeRequest, Rendition } from '../../src/videos/encoders/encoder.ts'
import {
  type MediaConvertOptions,
  mediaConvertClient,
  mediaConvertEncoder,
  mediaConvertJobSettings,
  mediaConvertRequestToken,
} from '../../src/videos/encoders/mediaconvert.ts'
import { planLadder } from '../../src/videos/media-tools.ts'
import { type FakeJob, startFakeMediaConvert, type WireCreateJob } from '../support/fake-mediaconvert.ts'
import { sourceInfo, withoutAudio, withoutVideo } from '../support/source-info.ts'

/**
 * The MediaConvert encoder through the official SDK against a local fake that verifies Signature V4
 * and keeps the job settings exactly as they went over the wire, so the assertions are on what AWS
 * would receive, not on what the code meant to send.
 */

const credentials = { accessKeyId: 'AKIDSOCIALFLOWTEST', secretAccessKey: 'fake-secret-for-mediaconvert' }
const region = 'eu-west-1'
const ROLE = 'arn:aws:iam::123456789012:role/socialflow-mediaconvert'
const BUCKET = 'media'

/** The bucket as storage sees it (a directory); the fake puts the files of completed jobs into it. */
const bucketDir = mkdtempSync(join(tmpdir(), 'sf-mediaconvert-'))
const storage = fileStorage(bucketDir)
afterAll(() => rmSync(bucketDir, { recursive: true, force: true }))

const fake = startFakeMediaConvert({
  ...credentials,
  region,
  pollsToComplete: 4,
  async write(uri, body, contentType) {
    const inBucket = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri)
    if (inBucket?.[1] === BUCKET) await storage.put(inBucket[2]!, body, contentType)
  },
})
afterAll(() => fake.stop())

const client = mediaConvertClient({ region, endpoint: fake.url, credentials })
const encoder = (options: Partial<MediaConvertOptions> = {}) =>
  mediaConvertEncoder({ client, role: ROLE, bucket: BUCKET, pollMs: 10, storage, ...options })

/** 30 s of 1080p30 H.264 with AAC. */
const landscape = sourceInfo()
/** The ladder the pipeline plans for this source (240p...1080p, all with the AAC track). */
const ladder1080 = planLadder(landscape)

function request(
  videoId: string,
  over: Partial<EncodeRequest> = {},
): { req: EncodeRequest; progress: number[] } {
  const progress: number[] = []
  const req: EncodeRequest = {
    videoId,
    attempt: 1,
    sourcePath: `/tmp/${videoId}.mp4`,
    sourceKey: `uploads/${videoId}/source.mp4`,
    source: landscape,
    ladder: ladder1080,
    outputPrefix: `videos/${videoId}/r1/`,
    onProgress: (percent) => progress.push(percent),
    signal: new AbortController().signal,
    ...over,
  }
  return { req, progress }
}

const jobsOf = (videoId: string): FakeJob[] =>
  [...fake.jobs.values()].filter((job) => job.request.userMetadata?.videoId === videoId)
const createsOf = (videoId: string) =>
  fake.requests.filter(
    (r) => r.method === 'POST' && (r.body as WireCreateJob | undefined)?.userMetadata?.videoId === videoId,
  )

describe('MediaConvert encoder', () => {
  test('a 1080p landscape ladder becomes one signed CMAF job with the same ladder', async () => {
    expect(ladder1080.map((rung) => rung.name)).toContain('1080p')
    expect(ladder1080.length).toBeGreaterThan(1)
    expect(ladder1080[0]!.audioBitrate).toBeGreaterThan(0)
    const { req, progress } = request('vid-landscape')
    const result = await encoder().encode(req)

    const [job] = jobsOf('vid-landscape')
    expect(jobsOf('vid-landscape')).toHaveLength(1)
    expect(job!.status).toBe('COMPLETE')
    const sent = job!.request
    expect(sent.role).toBe(ROLE)
    expect(sent.userMetadata).toEqual({ videoId: 'vid-landscape' })
    expect(sent.clientRequestToken).toBe(
      mediaConvertRequestToken('vid-landscape', 'videos/vid-landscape/r1/', 1),
    )
    expect(sent.clientRequestToken).toMatch(/^[0-9a-f]{64}$/)

    const inputs = sent.settings!.inputs!
    expect(inputs).toHaveLength(1)
    expect(inputs[0]!.fileInput).toBe('s3://media/uploads/vid-landscape/source.mp4')
    expect(inputs[0]!.videoSelector?.rotate).toBe('AUTO')
    expect(inputs[0]!.audioSelectors).toEqual({ 'Audio Selector 1': { defaultSelection: 'DEFAULT' } })

    const groups = sent.settings!.outputGroups!
    expect(groups).toHaveLength(1)
    const group = groups[0]!
    expect(group.outputGroupSettings?.type).toBe('CMAF_GROUP_SETTINGS')
    expect(group.outputGroupSettings?.cmafGroupSettings).toMatchObject({
      destination: 's3://media/videos/vid-landscape/r1/master',
      writeHlsManifest: 'ENABLED',
      writeDashManifest: 'ENABLED',
      segmentLength: 4,
      fragmentLength: 2,
      segmentControl: 'SEGMENTED_FILES',
    })

    const outputs = group.outputs!
    const video = outputs.filter((output) => output.videoDescription)
    expect(video).toHaveLength(ladder1080.length)
    for (const [i, rung] of ladder1080.entries()) {
      const output = video[i]!
      expect(output.nameModifier).toBe(`_${rung.name}`)
      expect(output.containerSettings?.container).toBe('CMFC')
      expect(output.audioDescriptions).toBeUndefined()
      expect(output.videoDescription).toMatchObject({ width: rung.width, height: rung.height })
      expect(output.videoDescription?.codecSettings?.codec).toBe('H_264')
      const h264 = output.videoDescription!.codecSettings!.h264Settings!
      expect(h264.rateControlMode).toBe('QVBR')
      expect(h264.maxBitrate).toBe(rung.videoBitrate)
      expect(h264).toMatchObject({ gopSize: 2, gopSizeUnits: 'SECONDS' })
      expect(['DISABLED', 'TRANSITION_DETECTION']).toContain(h264.sceneChangeDetect!)
    }
    const audio = outputs.filter((output) => output.audioDescriptions)
    expect(audio).toHaveLength(1)
    expect(audio[0]!.videoDescription).toBeUndefined()
    expect(audio[0]!.containerSettings?.container).toBe('CMFC')
    expect(audio[0]!.audioDescriptions).toHaveLength(1)
    const aac = audio[0]!.audioDescriptions![0]!
    expect(aac.audioSourceName).toBe('Audio Selector 1')
    expect(aac.codecSettings?.codec).toBe('AAC')
    expect(aac.codecSettings?.aacSettings).toMatchObject({
      bitrate: ladder1080[0]!.audioBitrate,
      sampleRate: 48000,
      codingMode: 'CODING_MODE_2_0',
    })

    // Progress: PROGRESSING 25, 50, 75 from GetJob, then 100 at COMPLETE; never backwards.
    expect(progress).toEqual([25, 50, 75, 100])
    expect(result.hlsMaster).toBe('master.m3u8')
    expect(result.dashManifest).toBe('master.mpd')
    expect(result.files).toEqual(['master.m3u8', 'master.mpd'])
    expect(result.bytes).toBeGreaterThan(0)
    expect(result.renditions).toEqual(ladder1080)

    // The SDK's requests were signed for mediaconvert and none was refused.
    const mine = fake.requests.filter((r) => r.path.startsWith('/2017-08-29/jobs'))
    expect(mine.every((r) => r.headers.authorization?.includes('/eu-west-1/mediaconvert/aws4_request'))).toBe(
      true,
    )
    expect(fake.refused).toEqual([])
    expect(mine.some((r) => r.method === 'GET' && r.path === `/2017-08-29/jobs/${job!.id}`)).toBe(true)
  })

  test('the same request gives the same settings (a pure function of the request)', () => {
    const { req } = request('vid-pure')
    expect(mediaConvertJobSettings(req, BUCKET)).toEqual(mediaConvertJobSettings(req, BUCKET))
    expect(() => mediaConvertJobSettings({ ...req, ladder: [] }, BUCKET)).toThrow('empty ladder')
  })

  test('a source over the frame rate cap is converted down to it (60 unless told); one under it keeps its own', async () => {
    const fast = sourceInfo({ fps: 240 })
    const { req } = request('vid-240fps', { source: fast, ladder: planLadder(fast) })
    await encoder().encode(req)
    const sent = jobsOf('vid-240fps')[0]!.request
    const video = sent.settings!.outputGroups![0]!.outputs!.filter((output) => output.videoDescription)
    expect(video).toHaveLength(ladder1080.length)
    for (const output of video) {
      const h264 = output.videoDescription!.codecSettings!.h264Settings!
      expect(h264).toMatchObject({
        framerateControl: 'SPECIFIED',
        framerateConversionAlgorithm: 'DUPLICATE_DROP',
      })
      expect(h264.framerateNumerator! / h264.framerateDenominator!).toBe(60)
    }
    // Unknown (ffprobe read no rate) is not trusted to be under the cap; a lower cap is obeyed.
    for (const [source, maxFps, expected] of [
      [sourceInfo({ fps: 0 }), 60, 60],
      [sourceInfo({ fps: 50 }), 30, 30],
    ] as const) {
      const settings = mediaConvertJobSettings(request('vid-capped', { source }).req, BUCKET, maxFps)
      for (const output of settings.OutputGroups![0]!.Outputs!.filter((o) => o.VideoDescription)) {
        const h264 = output.VideoDescription!.CodecSettings!.H264Settings!
        expect(h264.FramerateControl).toBe('SPECIFIED')
        expect(h264.FramerateNumerator! / h264.FramerateDenominator!).toBe(expected)
      }
    }
    // 30 fps (the landscape source) is under the cap: the source's own rate, unconverted.
    for (const output of mediaConvertJobSettings(request('vid-30fps').req, BUCKET).OutputGroups![0]!
      .Outputs!) {
      if (!output.VideoDescription) continue
      expect(output.VideoDescription.CodecSettings!.H264Settings!.FramerateControl).toBe(
        'INITIALIZE_FROM_SOURCE',
      )
    }
  })

  test('CMAF shares one audio track, so it is encoded once, at the best bitrate the ladder asks for', () => {
    const ladder: Rendition[] = [
      { name: '720p', width: 1280, height: 720, videoBitrate: 2_800_000, audioBitrate: 128_000 },
      { name: '360p', width: 640, height: 360, videoBitrate: 800_000, audioBitrate: 96_000 },
    ]
    const settings = mediaConvertJobSettings(request('vid-mixed-audio', { ladder }).req, BUCKET)
    const audio = settings.OutputGroups![0]!.Outputs!.filter((output) => output.AudioDescriptions)
    expect(audio).toHaveLength(1)
    expect(audio[0]!.AudioDescriptions![0]!.CodecSettings?.AacSettings?.Bitrate).toBe(128_000)
  })

  test('wrong credentials: the signature check refuses, the SDK call rejects, no job is made', async () => {
    const before = fake.refused.length
    const wrongSecret = mediaConvertClient({
      region,
      endpoint: fake.url,
      credentials: { ...credentials, secretAccessKey: 'not-the-secret' },
    })
    const { req } = request('vid-wrong-secret')
    const failed = await encoder({ client: wrongSecret })
      .encode(req)
      .catch((error: Error) => error)
    expect(failed).toBeInstanceOf(Error)
    expect((failed as Error).name).toBe('InvalidSignatureException')
    expect(fake.refused.length).toBeGreaterThan(before)
    expect(fake.refused.at(-1)).toContain('signature')

    const wrongKey = mediaConvertClient({
      region,
      endpoint: fake.url,
      credentials: { ...credentials, accessKeyId: 'AKIDSOMEONEELSE' },
    })
    const { req: other } = request('vid-wrong-key')
    await expect(encoder({ client: wrongKey }).encode(other)).rejects.toThrow('unknown access key')
    expect(jobsOf('vid-wrong-secret')).toHaveLength(0)
    expect(jobsOf('vid-wrong-key')).toHaveLength(0)
  })

  test('a job that ends in ERROR rejects with its code and message', async () => {
    fake.failNext(1010, 'Unable to open input file')
    const { req, progress } = request('vid-error')
    await expect(encoder().encode(req)).rejects.toThrow('1010 Unable to open input file')
    expect(jobsOf('vid-error')[0]!.status).toBe('ERROR')
    expect(progress).not.toContain(100)
  })

  test('abort cancels the job (the fake sees DELETE) and rejects', async () => {
    const controller = new AbortController()
    const { req } = request('vid-abort', {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    })
    const failed = await encoder({ pollMs: 50 })
      .encode(req)
      .catch((error: Error) => error)
    expect((failed as Error).name).toBe('AbortError')
    const [job] = jobsOf('vid-abort')
    expect(job!.status).toBe('CANCELED')
    expect(fake.requests.some((r) => r.method === 'DELETE' && r.path === `/2017-08-29/jobs/${job!.id}`)).toBe(
      true,
    )
  })

  test('an encode aborted before it starts creates no job', async () => {
    const controller = new AbortController()
    controller.abort()
    const { req } = request('vid-abort-early', { signal: controller.signal })
    await expect(encoder().encode(req)).rejects.toThrow()
    expect(createsOf('vid-abort-early')).toHaveLength(0)
  })

  test('an audio-only ladder sends just the audio output', async () => {
    const source = sourceInfo(withoutVideo)
    const ladder = planLadder(source)
    expect(ladder).toEqual([{ name: 'audio', width: 0, height: 0, videoBitrate: 0, audioBitrate: 128_000 }])
    const { req } = request('vid-audio', { source, ladder })
    const result = await encoder().encode(req)
    const sent = jobsOf('vid-audio')[0]!.request
    expect(sent.settings!.inputs![0]!.videoSelector).toBeUndefined()
    const outputs = sent.settings!.outputGroups![0]!.outputs!
    expect(outputs).toHaveLength(1)
    expect(outputs[0]!.videoDescription).toBeUndefined()
    expect(outputs[0]!.audioDescriptions![0]!.codecSettings?.aacSettings?.bitrate).toBe(128_000)
    expect(result.renditions).toEqual(ladder)
    expect(result.hlsMaster).toBe('master.m3u8')
  })

  test('a silent source sends only the video outputs', async () => {
    const source = sourceInfo(withoutAudio)
    const ladder = planLadder(source)
    expect(ladder.every((rung) => rung.audioBitrate === 0)).toBe(true)
    const { req } = request('vid-silent', { source, ladder })
    await encoder().encode(req)
    const sent = jobsOf('vid-silent')[0]!.request
    expect(sent.settings!.inputs![0]!.audioSelectors).toBeUndefined()
    const outputs = sent.settings!.outputGroups![0]!.outputs!
    expect(outputs).toHaveLength(ladder.length)
    expect(outputs.every((output) => output.videoDescription && !output.audioDescriptions)).toBe(true)
  })

  test('a CreateJob retried after a lost response does not create a second job', async () => {
    fake.loseNextCreateResponse()
    const { req } = request('vid-retry')
    await encoder().encode(req)
    const creates = createsOf('vid-retry')
    expect(creates.length).toBe(2) // the SDK retried the 500...
    const tokens = creates.map((r) => (r.body as WireCreateJob).clientRequestToken)
    expect(tokens[0]).toBe(tokens[1]!)
    expect(jobsOf('vid-retry')).toHaveLength(1) // ...and got the job the first attempt made

    // The same attempt again finds that job too; the job's next attempt, or a new prefix, is a new job.
    await encoder().encode(request('vid-retry').req)
    expect(jobsOf('vid-retry')).toHaveLength(1)
    await encoder().encode(request('vid-retry', { attempt: 2 }).req)
    expect(jobsOf('vid-retry')).toHaveLength(2)
    await encoder().encode(request('vid-retry', { outputPrefix: 'videos/vid-retry/r2/' }).req)
    expect(jobsOf('vid-retry')).toHaveLength(3)
  })

  test('a job that wrote outside the storage bucket is not reported as done', async () => {
    const { req } = request('vid-elsewhere')
    await expect(encoder({ bucket: 'another-bucket' }).encode(req)).rejects.toThrow('is not in storage')
    expect(jobsOf('vid-elsewhere')[0]!.request.settings!.inputs![0]!.fileInput).toBe(
      's3://another-bucket/uploads/vid-elsewhere/source.mp4',
    )
  })

  test('the fake refuses settings MediaConvert would refuse', async () => {
    const bad = client.send(
      new CreateJobCommand({
        Role: ROLE,
        Settings: {
          Inputs: [{ FileInput: 's3://media/uploads/x/source.mp4' }],
          OutputGroups: [
            {
              OutputGroupSettings: {
                Type: 'FILE_GROUP_SETTINGS',
                FileGroupSettings: { Destination: 's3://media/out/' },
              },
              Outputs: [{ ContainerSettings: { Container: 'MP4' } }],
            },
          ],
        },
      }),
    )
    await expect(bad).rejects.toThrow('no CMAF_GROUP_SETTINGS group')
    const { req } = request('vid-norole')
    const noRole = client.send(
      new CreateJobCommand({ Role: '', Settings: mediaConvertJobSettings(req, BUCKET) }),
    )
    await expect(noRole).rejects.toMatchObject({ name: 'BadRequestException' })
  })
})
