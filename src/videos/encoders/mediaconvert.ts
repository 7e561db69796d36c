import { createHash } from 'node:crypto'
import {
  CancelJobCommand,
  CreateJobCommand,
  GetJobCommand,
  type Job,
  type JobSettings,
  MediaConvertClient,
  type MediaConvertClientConfig,
  type Output,
} from '@aws-sdk/client-mediaconvert'
import type { Storage } from '../../platform/storage.ts'
import {
  DEFAULT_MAX_FPS,
  type EncodeRequest,
  type EncodeResult,
  type Encoder,
  outputFrameRate,
  type Rendition,
} from './encoder.ts'

/**
 * The ladder encoded by AWS Elemental MediaConvert instead of local ffmpeg: the source is read from
 * the bucket behind storage, and MediaConvert writes the renditions straight back into it.
 *
 * One CMAF output group gives what the player side needs, the same as the ffmpeg encoder: fMP4
 * segments written once and referenced by both an HLS master playlist and a DASH manifest.
 * MediaConvert names both top-level manifests after the group's destination base name (there is no
 * separate setting for either), so with the base name `master` they are `master.m3u8` and
 * `master.mpd`; the result says so in `hlsMaster` and `dashManifest`, which is what readers go by.
 */

/** Base name of the CMAF destination: the top-level manifests are `<BASE>.m3u8` and `<BASE>.mpd`. */
const BASE = 'master'
const AUDIO_SELECTOR = 'Audio Selector 1'
/** Whole seconds. Segments of 4 s, each two 2 s fragments, each starting on a 2 s GOP boundary. */
const SEGMENT_SECONDS = 4
const FRAGMENT_SECONDS = 2
const GOP_SECONDS = 2

export interface MediaConvertOptions {
  client: MediaConvertClient
  /** ARN of the IAM role MediaConvert assumes to read the source and write the outputs. */
  role: string
  /** Queue ARN; the account's default queue when absent. */
  queue?: string
  /** The S3 bucket the storage keys live in (MediaConvert addresses objects by `s3://` URI). */
  bucket: string
  /** Milliseconds between GetJob polls; 5000 by default (GetJob is rate-limited per account). */
  pollMs?: number
  /** The same bucket seen through storage: used to check the manifests really arrived there. */
  storage: Storage
  /** Highest output frame rate (DEFAULT_MAX_FPS unless told): a faster source drops frames. */
  maxFps?: number
}

/**
 * The job settings for a request, as a pure function so that the ladder-to-settings mapping can be
 * read and tested without AWS. Every video rung becomes one H.264 output and the audio one AAC
 * output: CMAF keeps audio and video in separate tracks, and the single audio track is shared by
 * every video rendition, so it is encoded once, at the highest audio bitrate the ladder asks for.
 * A source faster than `maxFps` is converted to it (frames dropped), as the ffmpeg encoder does.
 */
export function mediaConvertJobSettings(
  req: EncodeRequest,
  bucket: string,
  maxFps = DEFAULT_MAX_FPS,
): JobSettings {
  const videoRungs = req.ladder.filter((rung) => rung.videoBitrate > 0 && rung.width > 0 && rung.height > 0)
  const audioBitrate = Math.max(0, ...req.ladder.map((rung) => rung.audioBitrate))
  const withAudio = req.source.hasAudio && audioBitrate > 0
  const rate = outputFrameRate(req.source, maxFps)
  const outputs: Output[] = videoRungs.map((rung) => videoOutput(rung, rate))
  if (withAudio) outputs.push(audioOutput(audioBitrate))
  if (outputs.length === 0) throw new Error(`nothing to encode for video ${req.videoId}: an empty ladder`)
  return {
    // Timecodes from zero whatever the source says, so that segment times start at 0 as with ffmpeg.
    TimecodeConfig: { Source: 'ZEROBASED' },
    Inputs: [
      {
        FileInput: `s3://${bucket}/${req.sourceKey}`,
        TimecodeSource: 'ZEROBASED',
        // Phones record portrait as rotated landscape; AUTO applies the rotation metadata, so the
        // rung's width and height (display orientation) are what comes out.
        ...(req.source.hasVideo ? { VideoSelector: { Rotate: 'AUTO' as const } } : {}),
        ...(withAudio
          ? { AudioSelectors: { [AUDIO_SELECTOR]: { DefaultSelection: 'DEFAULT' as const } } }
          : {}),
      },
    ],
    OutputGroups: [
      {
        Name: 'CMAF',
        OutputGroupSettings: {
          Type: 'CMAF_GROUP_SETTINGS',
          CmafGroupSettings: {
            Destination: `s3://${bucket}/${req.outputPrefix}${BASE}`,
            WriteHlsManifest: 'ENABLED',
            WriteDashManifest: 'ENABLED',
            SegmentControl: 'SEGMENTED_FILES',
            SegmentLength: SEGMENT_SECONDS,
            // EXACT makes MediaConvert cut every rendition at the same instants, which ABR
            // switching needs, even where scene-change detection added an I-frame.
            SegmentLengthControl: 'EXACT',
            FragmentLength: FRAGMENT_SECONDS,
            // RFC 6381 codec strings (avc1.64001f...) are what browsers' MSE checks understand.
            CodecSpecification: 'RFC_6381',
            StreamInfResolution: 'INCLUDE',
            ManifestDurationFormat: 'FLOATING_POINT',
          },
        },
        Outputs: outputs,
      },
    ],
  }
}

function videoOutput(rung: Rendition, rate: { fps: number; convert: boolean }): Output {
  return {
    NameModifier: `_${rung.name}`,
    ContainerSettings: { Container: 'CMFC' },
    VideoDescription: {
      Width: rung.width,
      Height: rung.height,
      CodecSettings: {
        Codec: 'H_264',
        H264Settings: {
          // Quality-defined VBR capped at the rung's bitrate: the cap is the same budget the ffmpeg
          // ladder spends, and simple scenes use less of it.
          RateControlMode: 'QVBR',
          MaxBitrate: rung.videoBitrate,
          QvbrSettings: { QvbrQualityLevel: Math.min(rung.width, rung.height) >= 1080 ? 8 : 7 },
          GopSize: GOP_SECONDS,
          GopSizeUnits: 'SECONDS',
          GopClosedCadence: 1,
          // AWS's recommendation with QVBR; segment boundaries stay aligned thanks to EXACT above.
          SceneChangeDetect: 'TRANSITION_DETECTION',
          CodecProfile: 'HIGH',
          CodecLevel: 'AUTO',
          ...(rate.convert
            ? {
                // Whole frames per second (VIDEO_MAX_FPS is a whole number): MediaConvert drops
                // frames down to it.
                FramerateControl: 'SPECIFIED' as const,
                FramerateNumerator: Math.round(rate.fps),
                FramerateDenominator: 1,
                FramerateConversionAlgorithm: 'DUPLICATE_DROP' as const,
              }
            : { FramerateControl: 'INITIALIZE_FROM_SOURCE' as const }),
        },
      },
    },
  }
}

function audioOutput(bitrate: number): Output {
  return {
    NameModifier: '_audio',
    ContainerSettings: { Container: 'CMFC' },
    AudioDescriptions: [
      {
        AudioSourceName: AUDIO_SELECTOR,
        CodecSettings: {
          Codec: 'AAC',
          AacSettings: {
            Bitrate: bitrate,
            SampleRate: 48000,
            CodingMode: 'CODING_MODE_2_0',
            CodecProfile: 'LC',
            RateControlMode: 'CBR',
          },
        },
      },
    ],
  }
}

/**
 * CreateJob's idempotency token: the same encode (video, output prefix and job attempt) always
 * sends the same one, so an SDK retry after a lost response returns the job already created
 * instead of paying for a second, while the job's next attempt (after a failure, or a worker that
 * stopped) makes a new MediaConvert job rather than getting the failed or cancelled one back.
 * MediaConvert honours a token for one minute and takes up to 64 ASCII characters, which a hex
 * SHA-256 is exactly.
 */
export function mediaConvertRequestToken(videoId: string, outputPrefix: string, attempt: number): string {
  return createHash('sha256').update(`${videoId}\n${outputPrefix}\n${attempt}`).digest('hex')
}

/**
 * The SDK client, at the SDK's regional MediaConvert endpoint unless `endpoint` overrides it (an
 * account-specific endpoint from DescribeEndpoints, or a test fake). Without
 * credentials the SDK's default chain is used (environment, instance or task role...).
 */
export function mediaConvertClient(opts: {
  region: string
  endpoint?: string
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
}): MediaConvertClient {
  const config: MediaConvertClientConfig = { region: opts.region }
  if (opts.endpoint) config.endpoint = opts.endpoint
  if (opts.credentials) config.credentials = opts.credentials
  return new MediaConvertClient(config)
}

export function mediaConvertEncoder(opts: MediaConvertOptions): Encoder {
  const pollMs = opts.pollMs ?? 5000
  const { client } = opts

  return {
    name: 'mediaconvert',
    async encode(req: EncodeRequest): Promise<EncodeResult> {
      req.signal.throwIfAborted()
      const created = await client.send(
        new CreateJobCommand({
          Role: opts.role,
          ...(opts.queue ? { Queue: opts.queue } : {}),
          Settings: mediaConvertJobSettings(req, opts.bucket, opts.maxFps),
          UserMetadata: { videoId: req.videoId },
          ClientRequestToken: mediaConvertRequestToken(req.videoId, req.outputPrefix, req.attempt),
          // Progress is refreshed at this interval; the default (a minute) is too coarse to show.
          StatusUpdateInterval: 'SECONDS_10',
        }),
      )
      const id = created.Job?.Id
      if (!id) throw new Error('MediaConvert CreateJob returned no job id')

      // The SDK calls are not given the signal: an abort in the middle of CreateJob would leave a
      // job running that nobody knows the id of. The signal is checked between calls instead.
      let percent = 0
      let job: Job | undefined = created.Job
      while (true) {
        if (req.signal.aborted) {
          await cancel(client, id)
          req.signal.throwIfAborted()
        }
        const status = job?.Status
        if (status === 'COMPLETE') break
        if (status === 'ERROR') {
          const why = `${job?.ErrorCode ?? 'no code'} ${job?.ErrorMessage ?? 'no message'}`
          throw new Error(`MediaConvert job ${id} failed: ${why}`)
        }
        if (status === 'CANCELED') throw new Error(`MediaConvert job ${id} was canceled`)
        // Only forward: MediaConvert's estimate can step back, and 100 is kept for COMPLETE.
        const reported = Math.min(job?.JobPercentComplete ?? 0, 99)
        if (reported > percent) {
          percent = reported
          req.onProgress(percent)
        }
        await sleep(pollMs, req.signal)
        if (req.signal.aborted) continue
        job = (await client.send(new GetJobCommand({ Id: id }))).Job
      }
      req.onProgress(100)

      // MediaConvert wrote the segments itself and storage cannot list, so only the two manifests,
      // whose names are known, are reported (and their bytes, not the segments'). Reading them back
      // checks that `bucket` really is the bucket behind storage: a COMPLETE job that wrote
      // elsewhere would otherwise publish a video nobody can play.
      const hlsMaster = `${BASE}.m3u8`
      const dashManifest = `${BASE}.mpd`
      let bytes = 0
      for (const name of [hlsMaster, dashManifest]) {
        const blob = await opts.storage.get(`${req.outputPrefix}${name}`)
        if (!blob)
          throw new Error(`MediaConvert job ${id} completed but ${req.outputPrefix}${name} is not in storage`)
        bytes += blob.size
      }
      return { renditions: req.ladder, hlsMaster, dashManifest, files: [hlsMaster, dashManifest], bytes }
    },
  }
}

/**
 * Best effort: the job may have finished (or failed) between the last poll and the abort, and
 * MediaConvert then refuses to cancel it; the caller is told of the abort either way.
 */
async function cancel(client: MediaConvertClient, id: string): Promise<void> {
  try {
    await client.send(new CancelJobCommand({ Id: id }))
  } catch {
    // already finished, or not cancellable any more: nothing left to stop
  }
}

/** Resolves after `ms`, or as soon as the signal aborts (the caller looks at the signal). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}
