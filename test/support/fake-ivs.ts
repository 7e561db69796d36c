import { randomBytes } from 'node:crypto'
import { verifySigV4 } from './sigv4.ts'

/**
 * A local stand-in for Amazon IVS (low-latency streaming) that speaks its REST-JSON wire protocol
 * (`POST /<Operation>` with a JSON body, errors named by `x-amzn-ErrorType`) and checks what the
 * official SDK really sends: Signature V4 recomputed from the secret, and the request rules IVS
 * enforces (ARN shapes, one stream key per channel, latency modes, names). A channel goes live when
 * the test says a pusher connected (`goLive`), as IVS would see an RTMPS push; `StopStream` cuts
 * it, and `stateChange` builds the EventBridge event IVS would emit, for the webhook. Recording
 * configurations (Create/GetRecordingConfiguration, their thumbnail rules checked) record a live
 * channel into the fake S3 given as `s3`, laid out as IVS lays it out: `recordingStarted` writes
 * `events/recording-started.json` under a new prefix and answers the "Recording Start" event;
 * `captureThumbnail` writes a frame as the configuration's thumbnails (LATEST overwrites
 * `media/latest_thumbnail/thumb.jpg`, SEQUENTIAL adds `media/thumbnails/thumb<N>.jpg`).
 */

export interface FakeChannel {
  arn: string
  name: string
  latencyMode: 'NORMAL' | 'LOW'
  type: string
  recordingConfigurationArn: string
  ingestEndpoint: string
  playbackUrl: string
  tags: Record<string, string>
  /** The stream when a pusher is on the channel. */
  live?: { streamId: string; startTime: string; viewerCount: number }
  /** StopStream calls that cut a live stream. */
  stops: number
  /** The recording in progress (after `recordingStarted`). */
  recording?: { bucket: string; prefix: string; thumbnails: number }
}

export interface FakeRecordingConfiguration {
  arn: string
  name: string
  bucket: string
  thumbnails: {
    recordingMode: 'INTERVAL' | 'DISABLED'
    targetIntervalSeconds: number
    storage: ('SEQUENTIAL' | 'LATEST')[]
    resolution?: string
  }
}

export interface FakeStreamKey {
  arn: string
  value: string
  channelArn: string
}

export interface FakeIvs {
  url: string
  channels: Map<string, FakeChannel>
  streamKeys: Map<string, FakeStreamKey>
  recordingConfigurations: Map<string, FakeRecordingConfiguration>
  /** Every request, as received (operation and JSON body), for assertions. */
  requests: { operation: string; body: Record<string, unknown> }[]
  /** Requests refused for a bad signature. */
  refused: string[]
  /** A pusher connected with `streamKey`: the channel goes live (false when the key is unknown). */
  goLive(streamKey: string): FakeChannel | undefined
  /** The pusher went away. */
  goOffline(channelArn: string): void
  /** The EventBridge event IVS sends on a state change of the channel's stream. */
  stateChange(
    channelArn: string,
    eventName: 'Stream Start' | 'Stream End' | 'Session Created' | 'Session Ended',
  ): IvsEvent
  /**
   * The live channel's recording begins (its configuration must exist): its files go under a new
   * prefix of the configuration's bucket; answers the "Recording Start" event.
   */
  recordingStarted(channelArn: string): IvsEvent
  /** IVS captures a frame of the live channel as its configuration's thumbnails (none when disabled). */
  captureThumbnail(channelArn: string, jpeg: Uint8Array): void
  /**
   * The EventBridge event IVS sends when a recording of the channel is complete in S3, its
   * `events/recording-ended.json` written (unless there already).
   */
  recordingEnded(
    channelArn: string,
    recording: { bucket: string; keyPrefix: string; durationMs: number },
  ): IvsEvent
  stop(): void
}

/** An EventBridge event, as delivered to an API destination. */
export interface IvsEvent {
  version: '0'
  id: string
  'detail-type': string
  source: 'aws.ivs'
  account: string
  time: string
  region: string
  resources: string[]
  detail: Record<string, unknown>
}

const ACCOUNT = '123456789012'
const CHANNEL_ARN = /^arn:aws:ivs:[a-z0-9-]+:\d{12}:channel\/[a-zA-Z0-9]+$/
const KEY_ARN = /^arn:aws:ivs:[a-z0-9-]+:\d{12}:stream-key\/[a-zA-Z0-9]+$/
const RECORDING_ARN = /^arn:aws:ivs:[a-z0-9-]+:\d{12}:recording-configuration\/[a-zA-Z0-9]+$/

export function startFakeIvs(opts: {
  accessKeyId: string
  secretAccessKey: string
  region: string
  /** Where recordings are written: a fake S3's objects, keyed `bucket/key`. */
  s3?: { objects: Map<string, { body: Uint8Array; contentType: string }> }
}): FakeIvs {
  const channels = new Map<string, FakeChannel>()
  const recordingConfigurations = new Map<string, FakeRecordingConfiguration>()
  const streamKeys = new Map<string, FakeStreamKey>()
  const requests: FakeIvs['requests'] = []
  const refused: string[] = []
  const id = (n: number) => randomBytes(n).toString('base64url').replace(/[-_]/g, 'x')

  const json = (status: number, body: unknown, errorType?: string) =>
    Response.json(body, {
      status,
      headers: {
        'x-amzn-requestid': crypto.randomUUID(),
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      },
    })
  const error = (status: number, type: string, message: string) => json(status, { message }, type)
  const notFound = (arn: unknown) =>
    error(404, 'ResourceNotFoundException', `resource ${String(arn)} not found`)
  const invalid = (message: string) => error(400, 'ValidationException', message)

  const wireChannel = (c: FakeChannel) => ({
    arn: c.arn,
    name: c.name,
    latencyMode: c.latencyMode,
    type: c.type,
    recordingConfigurationArn: c.recordingConfigurationArn,
    ingestEndpoint: c.ingestEndpoint,
    playbackUrl: c.playbackUrl,
    authorized: false,
    insecureIngest: false,
    tags: c.tags,
  })
  const wireKey = (k: FakeStreamKey, withValue: boolean) => ({
    arn: k.arn,
    channelArn: k.channelArn,
    ...(withValue ? { value: k.value } : {}),
    tags: {},
  })
  const newKey = (channelArn: string): FakeStreamKey => {
    const key = {
      arn: `arn:aws:ivs:${opts.region}:${ACCOUNT}:stream-key/${id(9)}`,
      value: `sk_${opts.region}_${id(24)}`,
      channelArn,
    }
    streamKeys.set(key.arn, key)
    return key
  }
  const wireRecordingConfiguration = (c: FakeRecordingConfiguration) => ({
    arn: c.arn,
    name: c.name,
    destinationConfiguration: { s3: { bucketName: c.bucket } },
    state: 'ACTIVE',
    recordingReconnectWindowSeconds: 0,
    thumbnailConfiguration: c.thumbnails,
    tags: {},
  })
  const keysOf = (channelArn: string) => [...streamKeys.values()].filter((k) => k.channelArn === channelArn)

  const operations: Record<string, (body: Record<string, unknown>) => Response> = {
    CreateChannel(body) {
      const name = body.name ?? ''
      if (typeof name !== 'string' || !/^[a-zA-Z0-9-_]{0,128}$/.test(name))
        return invalid('name: must match ^[a-zA-Z0-9-_]*$ and be at most 128 characters')
      const latencyMode = body.latencyMode ?? 'LOW'
      if (latencyMode !== 'NORMAL' && latencyMode !== 'LOW') return invalid('latencyMode: NORMAL or LOW')
      const type = body.type ?? 'STANDARD'
      if (!['BASIC', 'STANDARD', 'ADVANCED_SD', 'ADVANCED_HD'].includes(String(type)))
        return invalid('type: BASIC, STANDARD, ADVANCED_SD or ADVANCED_HD')
      const recording = body.recordingConfigurationArn ?? ''
      if (recording !== '' && !RECORDING_ARN.test(String(recording)))
        return invalid('recordingConfigurationArn: not a recording configuration ARN')
      const short = id(9)
      const channel: FakeChannel = {
        arn: `arn:aws:ivs:${opts.region}:${ACCOUNT}:channel/${short}`,
        name,
        latencyMode,
        type: String(type),
        recordingConfigurationArn: String(recording),
        ingestEndpoint: `${short}.global-contribute.live-video.net`,
        playbackUrl: `https://${short}.${opts.region}.playback.live-video.net/api/video/v1/${opts.region}.${ACCOUNT}.channel.${short}.m3u8`,
        tags: (body.tags as Record<string, string>) ?? {},
        stops: 0,
      }
      channels.set(channel.arn, channel)
      return json(200, { channel: wireChannel(channel), streamKey: wireKey(newKey(channel.arn), true) })
    },
    GetChannel(body) {
      const channel = channels.get(String(body.arn))
      return channel ? json(200, { channel: wireChannel(channel) }) : notFound(body.arn)
    },
    DeleteChannel(body) {
      const channel = channels.get(String(body.arn))
      if (!channel) return notFound(body.arn)
      if (channel.live) return error(409, 'ConflictException', 'the channel is live: stop its stream first')
      for (const key of keysOf(channel.arn)) streamKeys.delete(key.arn)
      channels.delete(channel.arn)
      return new Response(null, { status: 204 })
    },
    CreateStreamKey(body) {
      const channelArn = String(body.channelArn ?? '')
      if (!CHANNEL_ARN.test(channelArn)) return invalid('channelArn: not a channel ARN')
      if (!channels.has(channelArn)) return notFound(channelArn)
      // IVS allows one stream key per channel: a rotation deletes the old one first.
      if (keysOf(channelArn).length >= 1)
        return error(402, 'ServiceQuotaExceededException', 'the channel already has its stream key')
      return json(200, { streamKey: wireKey(newKey(channelArn), true) })
    },
    ListStreamKeys(body) {
      const channelArn = String(body.channelArn ?? '')
      if (!channels.has(channelArn)) return notFound(channelArn)
      return json(200, { streamKeys: keysOf(channelArn).map((k) => wireKey(k, false)) })
    },
    GetStreamKey(body) {
      const key = streamKeys.get(String(body.arn))
      return key ? json(200, { streamKey: wireKey(key, true) }) : notFound(body.arn)
    },
    DeleteStreamKey(body) {
      const arn = String(body.arn ?? '')
      if (!KEY_ARN.test(arn)) return invalid('arn: not a stream key ARN')
      if (!streamKeys.delete(arn)) return notFound(arn)
      return new Response(null, { status: 204 })
    },
    GetStream(body) {
      const channel = channels.get(String(body.channelArn))
      if (!channel) return notFound(body.channelArn)
      if (!channel.live) return error(404, 'ChannelNotBroadcasting', 'the channel is not broadcasting')
      return json(200, {
        stream: {
          channelArn: channel.arn,
          streamId: channel.live.streamId,
          playbackUrl: channel.playbackUrl,
          startTime: channel.live.startTime,
          state: 'LIVE',
          health: 'HEALTHY',
          viewerCount: channel.live.viewerCount,
        },
      })
    },
    CreateRecordingConfiguration(body) {
      const name = body.name ?? ''
      if (typeof name !== 'string' || !/^[a-zA-Z0-9-_]{0,128}$/.test(name))
        return invalid('name: must match ^[a-zA-Z0-9-_]*$ and be at most 128 characters')
      const destination = body.destinationConfiguration as { s3?: { bucketName?: unknown } } | undefined
      const bucket = destination?.s3?.bucketName
      if (typeof bucket !== 'string' || !/^[a-z0-9-.]{3,63}$/.test(bucket))
        return invalid('destinationConfiguration.s3.bucketName: 3 to 63 of a-z 0-9 - .')
      const t = (body.thumbnailConfiguration ?? {}) as Record<string, unknown>
      const recordingMode = t.recordingMode ?? 'INTERVAL'
      if (recordingMode !== 'INTERVAL' && recordingMode !== 'DISABLED')
        return invalid('thumbnailConfiguration.recordingMode: INTERVAL or DISABLED')
      const interval = t.targetIntervalSeconds ?? 60
      if (!Number.isInteger(interval) || (interval as number) < 1 || (interval as number) > 60)
        return invalid('thumbnailConfiguration.targetIntervalSeconds: 1 to 60')
      const storage = t.storage ?? ['SEQUENTIAL']
      if (
        !Array.isArray(storage) ||
        storage.length > 2 ||
        storage.some((x) => x !== 'SEQUENTIAL' && x !== 'LATEST')
      )
        return invalid('thumbnailConfiguration.storage: SEQUENTIAL and/or LATEST')
      if (
        t.resolution !== undefined &&
        !['SD', 'HD', 'FULL_HD', 'LOWEST_RESOLUTION'].includes(String(t.resolution))
      )
        return invalid('thumbnailConfiguration.resolution: SD, HD, FULL_HD or LOWEST_RESOLUTION')
      const config: FakeRecordingConfiguration = {
        arn: `arn:aws:ivs:${opts.region}:${ACCOUNT}:recording-configuration/${id(12)}`,
        name,
        bucket,
        thumbnails: {
          recordingMode,
          targetIntervalSeconds: interval as number,
          storage: storage as ('SEQUENTIAL' | 'LATEST')[],
          ...(t.resolution ? { resolution: String(t.resolution) } : {}),
        },
      }
      recordingConfigurations.set(config.arn, config)
      return json(200, { recordingConfiguration: wireRecordingConfiguration(config) })
    },
    GetRecordingConfiguration(body) {
      const arn = String(body.arn ?? '')
      if (!RECORDING_ARN.test(arn)) return invalid('arn: not a recording configuration ARN')
      const config = recordingConfigurations.get(arn)
      return config
        ? json(200, { recordingConfiguration: wireRecordingConfiguration(config) })
        : notFound(arn)
    },
    StopStream(body) {
      const channel = channels.get(String(body.channelArn))
      if (!channel) return notFound(body.channelArn)
      if (!channel.live) return error(404, 'ChannelNotBroadcasting', 'the channel is not broadcasting')
      channel.live = undefined
      channel.stops += 1
      return json(200, {})
    },
  }

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url)
      const raw = new Uint8Array(await request.arrayBuffer())
      const headers = Object.fromEntries(request.headers.entries())
      const problem = verifySigV4({ method: request.method, url, headers, body: raw }, opts, {
        service: 'ivs',
        doubleEncodePath: true,
        unsignedPayload: false,
      })
      if (problem) {
        refused.push(problem.message)
        return error(
          403,
          problem.unknownKey ? 'UnrecognizedClientException' : 'InvalidSignatureException',
          problem.message,
        )
      }
      const operation = url.pathname.slice(1)
      const handler = request.method === 'POST' ? operations[operation] : undefined
      if (!handler || !Object.hasOwn(operations, operation))
        return error(
          404,
          'UnknownOperationException',
          `${request.method} ${url.pathname} is not supported by the fake`,
        )
      let body: Record<string, unknown>
      try {
        const text = new TextDecoder().decode(raw)
        body = text ? JSON.parse(text) : {}
      } catch {
        return invalid('the body is not JSON')
      }
      requests.push({ operation, body })
      return handler(body)
    },
  })

  const event = (channel: FakeChannel, detailType: string, detail: Record<string, unknown>): IvsEvent => ({
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': detailType,
    source: 'aws.ivs',
    account: ACCOUNT,
    time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    region: opts.region,
    resources: [channel.arn],
    detail: { channel_name: channel.name, ...detail },
  })
  const channelOf = (arn: string) => {
    const channel = channels.get(arn)
    if (!channel) throw new Error(`fake IVS: no channel ${arn}`)
    return channel
  }

  return {
    url: `http://127.0.0.1:${server.port}`,
    channels,
    streamKeys,
    recordingConfigurations,
    requests,
    refused,
    goLive(value) {
      const key = [...streamKeys.values()].find((k) => k.value === value)
      const channel = key && channels.get(key.channelArn)
      if (!channel) return undefined
      channel.live = { streamId: `st-${id(18)}`, startTime: new Date().toISOString(), viewerCount: 0 }
      return channel
    },
    goOffline(arn) {
      channelOf(arn).live = undefined
    },
    stateChange(arn, eventName) {
      const channel = channelOf(arn)
      return event(channel, 'IVS Stream State Change', {
        event_name: eventName,
        stream_id: channel.live?.streamId ?? `st-${id(18)}`,
      })
    },
    recordingStarted(arn) {
      const channel = channelOf(arn)
      const config = recordingConfigurations.get(channel.recordingConfigurationArn)
      if (!channel.live || !config || !opts.s3)
        throw new Error(`fake IVS: ${arn} is not live, records nowhere, or has no S3`)
      const now = new Date()
      const stamp = [
        now.getUTCFullYear(),
        now.getUTCMonth() + 1,
        now.getUTCDate(),
        now.getUTCHours(),
        now.getUTCMinutes(),
      ]
      const prefix = `ivs/v1/${ACCOUNT}/${arn.split('/').pop()}/${stamp.join('/')}/${id(9)}`
      channel.recording = { bucket: config.bucket, prefix, thumbnails: 0 }
      const started = { version: 'v1', recording_started_at: now.toISOString(), media: {} }
      opts.s3.objects.set(`${config.bucket}/${prefix}/events/recording-started.json`, {
        body: new TextEncoder().encode(JSON.stringify(started)),
        contentType: 'application/json',
      })
      return event(channel, 'IVS Recording State Change', {
        recording_status: 'Recording Start',
        recording_status_reason: '',
        recording_s3_bucket_name: config.bucket,
        recording_s3_key_prefix: prefix,
        recording_duration_ms: 0,
        stream_id: channel.live.streamId,
        recording_session_id: id(12),
      })
    },
    captureThumbnail(arn, jpeg) {
      const channel = channelOf(arn)
      const config = recordingConfigurations.get(channel.recordingConfigurationArn)
      const recording = channel.recording
      if (!channel.live || !config || !recording || !opts.s3)
        throw new Error(`fake IVS: ${arn} is not being recorded`)
      if (config.thumbnails.recordingMode === 'DISABLED') return
      const put = (key: string) =>
        opts.s3!.objects.set(`${recording.bucket}/${recording.prefix}/${key}`, {
          body: jpeg,
          contentType: 'image/jpeg',
        })
      if (config.thumbnails.storage.includes('LATEST')) put('media/latest_thumbnail/thumb.jpg')
      if (config.thumbnails.storage.includes('SEQUENTIAL'))
        put(`media/thumbnails/thumb${recording.thumbnails}.jpg`)
      recording.thumbnails += 1
    },
    recordingEnded(arn, recording) {
      const channel = channelOf(arn)
      // IVS marks the recording's end in its folder too (unless the test wrote a fuller one).
      const ended = `${recording.bucket}/${recording.keyPrefix}/events/recording-ended.json`
      if (opts.s3 && !opts.s3.objects.has(ended))
        opts.s3.objects.set(ended, {
          body: new TextEncoder().encode(
            JSON.stringify({ version: 'v1', recording_ended_at: new Date().toISOString(), media: {} }),
          ),
          contentType: 'application/json',
        })
      return event(channel, 'IVS Recording State Change', {
        recording_status: 'Recording End',
        recording_status_reason: '',
        recording_s3_bucket_name: recording.bucket,
        recording_s3_key_prefix: recording.keyPrefix,
        recording_duration_ms: recording.durationMs,
        stream_id: channel.live?.streamId ?? `st-${id(18)}`,
        recording_session_id: id(12),
      })
    },
    stop: () => server.stop(true),
  }
}
