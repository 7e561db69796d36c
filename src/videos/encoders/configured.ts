import type { Config, Secrets } from '../../platform/config.ts'
import type { Storage } from '../../platform/storage.ts'
import type { Encoder } from './encoder.ts'
import { ffmpegEncoder } from './ffmpeg.ts'
import { mediaConvertClient, mediaConvertEncoder } from './mediaconvert.ts'

/** The ladder encoder VIDEO_ENCODER names. */
export function configuredEncoder(config: Config, secrets: Secrets, storage: Storage): Encoder {
  const { videos } = config
  if (videos.encoder === 'ffmpeg')
    return ffmpegEncoder(storage, {
      workDir: videos.workDir,
      preset: videos.ffmpegPreset,
      maxFps: videos.maxFps,
    })
  // The account's keys given for S3 (MediaConvert works on that bucket), or the SDK's default chain.
  const { accessKeyId, secretAccessKey } = secrets.s3
  const credentials = accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined
  return mediaConvertEncoder({
    client: mediaConvertClient({
      region: videos.mediaConvert.region,
      endpoint: videos.mediaConvert.endpoint,
      credentials,
    }),
    role: videos.mediaConvert.role,
    queue: videos.mediaConvert.queue,
    bucket: config.storage.s3.bucket,
    storage,
    maxFps: videos.maxFps,
  })
}
