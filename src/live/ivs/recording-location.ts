import { GetChannelCommand, GetRecordingConfigurationCommand, type IvsClient } from '@aws-sdk/client-ivs'
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import type { RecordingLocation } from './thumbnails.ts'

/**
 * Where IVS is recording a channel, found without its "Recording Start" event (an event
 * EventBridge lost or never delivered): the channel's recording configuration (GetChannel, then
 * GetRecordingConfiguration) names the bucket, and IVS lays a recording out under
 * `ivs/v1/<account>/<channel id>/<yyyy>/<m>/<d>/<h>/<min>/<recording id>/` (the date parts in UTC,
 * not zero-padded). The newest recording is found by listing that layout one level at a time
 * (ListObjectsV2 with the `/` delimiter) and going into the highest number of each level; of
 * several recordings begun in the same minute, the one whose `events/recording-started.json` says
 * it began last. Undefined when the channel records nowhere or no recording of it is in S3 yet.
 */
export class IvsRecordingLocator {
  constructor(private readonly deps: { ivs: IvsClient; s3: S3Client }) {}

  async newest(channelArn: string, signal?: AbortSignal): Promise<RecordingLocation | undefined> {
    const { ivs } = this.deps
    const { channel } = await ivs.send(new GetChannelCommand({ arn: channelArn }), { abortSignal: signal })
    const configurationArn = channel?.recordingConfigurationArn
    if (!configurationArn) return undefined
    const { recordingConfiguration } = await ivs.send(
      new GetRecordingConfigurationCommand({ arn: configurationArn }),
      { abortSignal: signal },
    )
    const bucket = recordingConfiguration?.destinationConfiguration?.s3?.bucketName
    // arn:aws:ivs:<region>:<account>:channel/<id>
    const account = channelArn.split(':')[4]
    const channelId = channelArn.split('/').pop()
    if (!bucket || !account || !channelId) return undefined
    let prefix = `ivs/v1/${account}/${channelId}/`
    // Year, month, day, hour, minute: the highest number of each.
    for (let level = 0; level < 5; level++) {
      const numbered = (await this.folders(bucket, prefix, signal))
        .map((folder) => ({ folder, n: Number(folder.slice(prefix.length, -1)) }))
        .filter((f) => Number.isInteger(f.n))
      if (numbered.length === 0) return undefined
      prefix = numbered.reduce((a, b) => (b.n > a.n ? b : a)).folder
    }
    const recordings = await this.folders(bucket, prefix, signal)
    if (recordings.length <= 1)
      return recordings[0] ? { bucket, prefix: recordings[0].replace(/\/$/, '') } : undefined
    let newest: { folder: string; at: number } | undefined
    for (const folder of recordings) {
      const at = await this.startedAt(bucket, folder, signal)
      if (at !== undefined && at >= (newest?.at ?? Number.NEGATIVE_INFINITY)) newest = { folder, at }
    }
    return newest && { bucket, prefix: newest.folder.replace(/\/$/, '') }
  }

  /** The "folders" right under a prefix (S3's common prefixes for the `/` delimiter), every page. */
  private async folders(bucket: string, prefix: string, signal?: AbortSignal): Promise<string[]> {
    const found: string[] = []
    let token: string | undefined
    do {
      const page = await this.deps.s3.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          Delimiter: '/',
          ContinuationToken: token,
        }),
        { abortSignal: signal },
      )
      for (const { Prefix } of page.CommonPrefixes ?? []) if (Prefix) found.push(Prefix)
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return found
  }

  /** Whether the recording ended: IVS wrote its `events/recording-ended.json` (the reconnect window passed). */
  async ended(where: RecordingLocation, signal?: AbortSignal): Promise<boolean> {
    return (await this.event(where.bucket, `${where.prefix}/`, 'recording-ended', signal)) !== undefined
  }

  /** When a recording began, by its `events/recording-started.json`; undefined if unreadable. */
  private async startedAt(bucket: string, folder: string, signal?: AbortSignal): Promise<number | undefined> {
    const event = await this.event(bucket, folder, 'recording-started', signal)
    const at = Date.parse(String(event?.recording_started_at))
    return Number.isNaN(at) ? undefined : at
  }

  /** One of the recording's `events/<name>.json`; undefined when absent or unreadable. */
  private async event(
    bucket: string,
    folder: string,
    name: 'recording-started' | 'recording-ended',
    signal?: AbortSignal,
  ): Promise<Record<string, unknown> | undefined> {
    try {
      const object = await this.deps.s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: `${folder}events/${name}.json` }),
        { abortSignal: signal },
      )
      const parsed: unknown = JSON.parse((await object.Body?.transformToString()) ?? '')
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined
    } catch (error) {
      const code = (error as { name?: string }).name
      if (code === 'NoSuchKey' || error instanceof SyntaxError) return undefined
      throw error
    }
  }
}
