import { timingSafeEqual } from 'node:crypto'

/**
 * The EventBridge events IVS sends (through an API destination to the webhook), reduced to what the
 * live module acts on. Anything else (other detail types, other sources, malformed bodies) is
 * `undefined`: acknowledged and ignored, so EventBridge does not retry it forever.
 */
export type IvsEvent =
  | { kind: 'started'; channelArn: string; streamId: string; at: string }
  | { kind: 'ended'; channelArn: string; streamId: string; at: string }
  | {
      /** A recording began: where its files (and the configuration's thumbnails) are being written. */
      kind: 'recordingStarted'
      channelArn: string
      bucket: string
      keyPrefix: string
      at: string
    }
  | {
      kind: 'recorded'
      channelArn: string
      bucket: string
      keyPrefix: string
      durationMs: number
      at: string
    }

export function parseIvsEvent(body: unknown): IvsEvent | undefined {
  if (!body || typeof body !== 'object') return undefined
  const event = body as Record<string, unknown>
  const detail = event.detail as Record<string, unknown> | undefined
  const resources = event.resources
  const channelArn = Array.isArray(resources)
    ? resources.find((r) => typeof r === 'string' && r.includes(':channel/'))
    : undefined
  if (event.source !== 'aws.ivs' || !detail || typeof detail !== 'object' || typeof channelArn !== 'string')
    return undefined
  const at = typeof event.time === 'string' ? event.time : new Date().toISOString()
  const streamId = typeof detail.stream_id === 'string' ? detail.stream_id : ''
  if (event['detail-type'] === 'IVS Stream State Change') {
    if (detail.event_name === 'Stream Start') return { kind: 'started', channelArn, streamId, at }
    if (detail.event_name === 'Stream End') return { kind: 'ended', channelArn, streamId, at }
    return undefined
  }
  const recordingStatus = detail.recording_status
  if (
    event['detail-type'] === 'IVS Recording State Change' &&
    (recordingStatus === 'Recording Start' || recordingStatus === 'Recording End')
  ) {
    const bucket = detail.recording_s3_bucket_name
    const keyPrefix = detail.recording_s3_key_prefix
    if (typeof bucket !== 'string' || typeof keyPrefix !== 'string' || !bucket || !keyPrefix) return undefined
    if (recordingStatus === 'Recording Start')
      return { kind: 'recordingStarted', channelArn, bucket, keyPrefix: keyPrefix.replace(/\/+$/, ''), at }
    const durationMs = Number(detail.recording_duration_ms)
    return {
      kind: 'recorded',
      channelArn,
      bucket,
      keyPrefix: keyPrefix.replace(/\/+$/, ''),
      durationMs: Number.isFinite(durationMs) ? durationMs : 0,
      at,
    }
  }
  return undefined
}

/**
 * The webhook's credential: EventBridge's API destination sends the connection's API key as a
 * header; the connection is set up with `Authorization: Bearer <IVS_WEBHOOK_SECRET>`. Compared in
 * constant time.
 */
export function webhookAuthorized(header: string | null, secret: string): boolean {
  if (!secret || !header) return false
  const match = /^bearer\s+(.+)$/i.exec(header.trim())
  if (!match) return false
  const given = Buffer.from(match[1]!)
  const expected = Buffer.from(secret)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
