import { GetRecordingConfigurationCommand, type IvsClient } from '@aws-sdk/client-ivs'
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'

/** Where IVS is recording a stream: the bucket and key prefix of its "Recording Start" event. */
export interface RecordingLocation {
  bucket: string
  prefix: string
}

/** What the recording configuration says of thumbnails; null: it records none. */
type ThumbnailSettings = { storage: ('SEQUENTIAL' | 'LATEST')[]; intervalSeconds: number } | null

/** How long the configuration's thumbnail settings are trusted before they are read again. */
const SETTINGS_TTL_MS = 10 * 60_000
/** The end of a sequential thumbnail's key: `thumb<N>.jpg` (under a resolution's folder or not). */
const SEQUENTIAL = /\/thumb(\d+)\.jpg$/

/**
 * The newest frame IVS captured of a live stream: the thumbnails the account's recording
 * configuration writes to S3 while a stream is recorded (`thumbnailConfiguration`, INTERVAL mode,
 * one every `targetIntervalSeconds`), read through the S3 SDK. LATEST storage overwrites
 * `<prefix>/media/latest_thumbnail/thumb.jpg` (one GetObject); SEQUENTIAL only adds
 * `<prefix>/media/thumbnails/thumb<N>.jpg`, listed to find the highest N (a page of 1,000 keys per
 * ~2.8 hours at 10 s). The settings come from GetRecordingConfiguration, read again every 10
 * minutes. Undefined when the configuration records no thumbnails or none is written yet.
 */
export class IvsThumbnails {
  private settings?: { value: ThumbnailSettings; at: number }

  constructor(
    private readonly deps: {
      ivs: IvsClient
      s3: S3Client
      recordingConfigurationArn: string
      log?: { warn(obj: object, msg: string): void }
    },
  ) {}

  async latest(where: RecordingLocation, signal?: AbortSignal): Promise<Uint8Array | undefined> {
    const settings = await this.thumbnailSettings(signal)
    if (!settings) return undefined
    const key = settings.storage.includes('LATEST')
      ? `${where.prefix}/media/latest_thumbnail/thumb.jpg`
      : await this.newestSequential(where, signal)
    if (!key) return undefined
    try {
      const object = await this.deps.s3.send(new GetObjectCommand({ Bucket: where.bucket, Key: key }), {
        abortSignal: signal,
      })
      return object.Body ? await object.Body.transformToByteArray() : undefined
    } catch (error) {
      // The stream started a moment ago: IVS has not written its first thumbnail.
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined
      throw error
    }
  }

  /** The thumbnail settings of the recording configuration, as IVS gives them (cached). */
  async thumbnailSettings(signal?: AbortSignal): Promise<ThumbnailSettings> {
    if (this.settings && Date.now() - this.settings.at < SETTINGS_TTL_MS) return this.settings.value
    const { recordingConfiguration } = await this.deps.ivs.send(
      new GetRecordingConfigurationCommand({ arn: this.deps.recordingConfigurationArn }),
      { abortSignal: signal },
    )
    const thumbnails = recordingConfiguration?.thumbnailConfiguration
    // IVS's defaults: INTERVAL, every 60 s, SEQUENTIAL.
    const value: ThumbnailSettings =
      (thumbnails?.recordingMode ?? 'INTERVAL') === 'DISABLED'
        ? null
        : {
            storage: (thumbnails?.storage?.length ? thumbnails.storage : ['SEQUENTIAL']) as (
              | 'SEQUENTIAL'
              | 'LATEST'
            )[],
            intervalSeconds: thumbnails?.targetIntervalSeconds ?? 60,
          }
    if (!value)
      this.deps.log?.warn(
        { recordingConfigurationArn: this.deps.recordingConfigurationArn },
        'the IVS recording configuration records no thumbnails: streams on IVS are screened by their words only',
      )
    this.settings = { value, at: Date.now() }
    return value
  }

  private async newestSequential(
    where: RecordingLocation,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    let newest: { key: string; n: number } | undefined
    let token: string | undefined
    do {
      const page = await this.deps.s3.send(
        new ListObjectsV2Command({
          Bucket: where.bucket,
          Prefix: `${where.prefix}/media/thumbnails/`,
          ContinuationToken: token,
        }),
        { abortSignal: signal },
      )
      for (const { Key } of page.Contents ?? []) {
        const n = Key ? SEQUENTIAL.exec(Key)?.[1] : undefined
        if (Key && n !== undefined && Number(n) >= (newest?.n ?? -1)) newest = { key: Key, n: Number(n) }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return newest?.key
  }
}
