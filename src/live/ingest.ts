import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import type { Subscription } from '@nats-io/nats-core'
import type { Kysely } from 'kysely'
import Context from 'node-media-server/src/core/context.js'
import nmsLogger from 'node-media-server/src/core/logger.js'
import BaseSession from 'node-media-server/src/session/base_session.js'
import RtmpSession from 'node-media-server/src/session/rtmp_session.js'
import type { Bus } from '../platform/bus/connect.ts'
import type { DB } from '../platform/db/schema.ts'
import { newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import type { Runnable } from '../platform/module.ts'
import type { Storage } from '../platform/storage.ts'
import type { LatencyMode, StreamHealth, StreamSignals } from './backend.ts'
import { type EncodeMode, HlsPipeline, sessionPrefix } from './hls-pipeline.ts'
import { keyMatches, keyPrefixOf } from './keys.ts'
import { CUT_SUBJECT } from './local-backend.ts'

/** The RTMP application streamers push to: rtmp://host:port/live/<stream key>. */
const APP = 'live'
/** How often a live push reports media and health to its StreamActor (well within LIVE_IDLE_END_SECONDS). */
const MEDIA_TICK_MS = 1_000
/** A push that sends no video codec header within this long is refused. */
const HEADERS_WAIT_MS = 5_000

/** FLV codec ids (the low nibble of a video tag's first byte, the high one of an audio tag's). */
const FLV_AVC = 7
const FLV_AAC = 10
const VIDEO_CODECS: Record<number, string> = { 7: 'h264', 12: 'hevc', 2: 'h263', 4: 'vp6' }
const AUDIO_CODECS: Record<number, string> = { 10: 'aac', 2: 'mp3', 11: 'speex' }

interface Push {
  session: RtmpSession
  streamId: string
  sessionId: string
  run: string
  pipeline: HlsPipeline
  subscriber: BaseSession
  tick: Timer
  /** For health: bytes and keyframes seen since the last tick. */
  bytesAtTick: number
  tickAt: number
  keyframes: number[]
  closed: boolean
}

/**
 * The local backend's RTMP ingest, run by the worker role (where ffmpeg and the scratch space of
 * encodings already are; the api role stays free of media work). node-media-server speaks RTMP
 * (handshake, chunks, AMF commands) on our own listener: its `prePublish` event is where a push
 * is admitted or refused. A key that is unknown, rotated away, or of an ended or deleted stream is
 * refused (the socket closed) before anything is stored; an admitted push gets its session from
 * the StreamActor, and one ffmpeg child (HlsPipeline) fed the FLV of the push; it reports media and
 * health every second; when the pusher leaves, ffmpeg finishes and the actor is told. A cut (the key
 * rotated, the stream ended) arrives over NATS on every ingest node; the one holding the push
 * closes it.
 */
export class RtmpIngest implements Runnable {
  private server: Server | undefined
  private readonly sessions = new Map<Socket, RtmpSession>()
  private readonly pushes = new Map<RtmpSession, Push>()
  /** Sessions between their key's check and their push's start: the stream each is for. */
  private readonly admitting = new Map<RtmpSession, string>()
  private cuts: Subscription | undefined
  private readonly onPrePublish = (session: RtmpSession) => this.prePublish(session)
  /** The port listened on (LIVE_RTMP_PORT, or the one the system gave for 0). */
  port = 0

  constructor(
    private readonly deps: {
      db: Kysely<DB>
      bus: Bus
      storage: Storage
      signals: StreamSignals
      log: Logger
      host: string
      port: number
      workDir: string
      transcode: boolean
    },
  ) {
    // Its own lines go to the console; ours say what matters.
    nmsLogger.level = 'error'
  }

  async start(): Promise<void> {
    Context.eventEmitter.on('prePublish', this.onPrePublish)
    const server = createServer((socket) => this.accept(socket))
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) =>
        reject(
          new Error(`the RTMP ingest cannot listen on LIVE_RTMP_PORT=${this.deps.port}: ${error.message}`),
        ),
      )
      server.listen(this.deps.port, this.deps.host, () => {
        server.removeAllListeners('error')
        server.on('error', (error) => this.deps.log.error({ err: error }, 'RTMP ingest error'))
        resolve()
      })
    })
    const address = server.address()
    this.port = typeof address === 'object' && address ? address.port : this.deps.port
    const { bus } = this.deps
    this.cuts = bus.nc.subscribe(bus.subject(`${CUT_SUBJECT}.*`), {
      callback: (error, msg) => {
        if (error) return
        const streamId = msg.subject.slice(msg.subject.lastIndexOf('.') + 1)
        for (const push of this.pushes.values())
          if (push.streamId === streamId) {
            this.deps.log.info({ streamId }, 'live push cut')
            push.session.close()
          }
        // A push still being admitted (its stream already live, its pipeline starting) is cut too:
        // the cut came once, and the admission ends the push when it finds the socket closed.
        for (const [session, id] of this.admitting)
          if (id === streamId) {
            this.deps.log.info({ streamId }, 'live push cut while admitted')
            session.close()
          }
      },
    })
    this.deps.log.info({ port: this.port }, 'RTMP ingest listening')
  }

  /** Stops taking pushes; those in hand end (their last segments stored). */
  async stop(): Promise<void> {
    if (!this.server) return
    Context.eventEmitter.off('prePublish', this.onPrePublish)
    this.cuts?.unsubscribe()
    const server = this.server
    this.server = undefined
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    await Promise.all([...this.pushes.values()].map((push) => this.end(push)))
    for (const socket of this.sessions.keys()) socket.destroy()
    await closed
  }

  /** The pushes in hand (tests and the benchmark read their pipelines). */
  get active(): Push[] {
    return [...this.pushes.values()]
  }

  private accept(socket: Socket): void {
    const session = new RtmpSession(socket)
    this.sessions.set(socket, session)
    socket.on('close', () => {
      this.sessions.delete(socket)
      const push = this.pushes.get(session)
      if (push) void this.end(push)
    })
    session.run()
  }

  /** node-media-server's hook, for every session of the process: only ours are handled here. */
  private prePublish(session: RtmpSession): void {
    if (this.sessions.get(session.socket) !== session) return
    void this.admit(session).catch((error) => {
      this.deps.log.error({ err: error }, 'live push not admitted')
      session.close()
    })
  }

  private async admit(session: RtmpSession): Promise<void> {
    const refuse = (reason: string) => {
      this.deps.log.info({ ip: session.ip, reason }, 'live push refused')
      session.close()
    }
    const key = session.streamName
    const prefix = keyPrefixOf(key)
    if (session.streamApp !== APP || !prefix) return refuse('not a stream key')
    const stream = await this.deps.db
      .selectFrom('liveStreams')
      .select(['id', 'keyHash', 'state', 'deletedAt', 'latencyMode', 'backend'])
      .where('keyPrefix', '=', prefix)
      .executeTakeFirst()
    if (stream?.backend !== 'local' || !keyMatches(key, stream.keyHash)) return refuse('unknown key')
    if (stream.deletedAt || stream.state === 'ended') return refuse('the stream has ended')
    if (session.socket.destroyed) return
    this.admitting.set(session, stream.id)
    try {
      await this.admitFor(session, stream, refuse)
    } finally {
      this.admitting.delete(session)
    }
  }

  private async admitFor(
    session: RtmpSession,
    stream: { id: string; latencyMode: string },
    refuse: (reason: string) => void,
  ): Promise<void> {
    const headers = await this.codecHeaders(session)
    if (!headers) return refuse('no video within 5 s')
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
    const answer = await this.deps.signals.started(stream.id, newId(), run)
    if (!answer.accepted) return refuse(answer.reason)
    if (session.socket.destroyed) {
      await this.deps.signals.unpublished(stream.id)
      return
    }
    const mode: EncodeMode = this.deps.transcode
      ? 'ladder'
      : headers.video === FLV_AVC && (headers.audio === null || headers.audio === FLV_AAC)
        ? 'copy'
        : 'single'
    const pipeline = new HlsPipeline({
      streamId: stream.id,
      run,
      dir: join(this.deps.workDir, `live-${stream.id}-${run}`),
      prefix: sessionPrefix(stream.id, answer.sessionId),
      storage: this.deps.storage,
      latencyMode: stream.latencyMode as LatencyMode,
      mode,
      hasAudio: headers.audio !== null,
      sourceHeight: session.videoHeight || 720,
      log: this.deps.log,
      onFailure: () => session.close(),
    })
    await pipeline.start()
    const push: Push = {
      session,
      streamId: stream.id,
      sessionId: answer.sessionId,
      run,
      pipeline,
      subscriber: new BaseSession(),
      tick: setInterval(() => this.tick(push), MEDIA_TICK_MS),
      bytesAtTick: session.inBytes,
      tickAt: Date.now(),
      keyframes: [],
      closed: false,
    }
    // An internal subscriber of the broadcast (empty ip: no play events): FLV tags as they come.
    push.subscriber.protocol = 'flv'
    push.subscriber.sendBuffer = (buffer: Buffer) => {
      if (isKeyframe(buffer)) push.keyframes.push(flvTime(buffer))
      pipeline.write(isFlvHeader(buffer) ? flvHeader(headers.audio !== null) : buffer)
    }
    this.pushes.set(session, push)
    session.broadcast.postPlay(push.subscriber)
    this.deps.log.info({ streamId: stream.id, sessionId: answer.sessionId, run, mode }, 'live push admitted')
    if (session.socket.destroyed) await this.end(push)
  }

  /** The codecs of the push, once its codec headers arrived (undefined if none came in time). */
  private async codecHeaders(
    session: RtmpSession,
  ): Promise<{ video: number; audio: number | null } | undefined> {
    const deadline = Date.now() + HEADERS_WAIT_MS
    while (Date.now() < deadline && !session.socket.destroyed) {
      const video = session.broadcast.flvVideoHeader
      // Audio, if any, comes with the video header (encoders send both before the first frame).
      if (video) {
        if (!session.broadcast.flvAudioHeader) await Bun.sleep(200)
        const audio = session.broadcast.flvAudioHeader
        return { video: video[11]! & 0x0f, audio: audio ? audio[11]! >> 4 : null }
      }
      await Bun.sleep(25)
    }
    return undefined
  }

  private tick(push: Push): void {
    const now = Date.now()
    const { session } = push
    const seconds = (now - push.tickAt) / 1000
    const bitrateKbps =
      seconds > 0 ? Math.round(((session.inBytes - push.bytesAtTick) * 8) / 1000 / seconds) : null
    push.bytesAtTick = session.inBytes
    push.tickAt = now
    const gaps = push.keyframes.slice(1).map((t, i) => t - push.keyframes[i]!)
    push.keyframes = push.keyframes.slice(-1)
    const video = session.broadcast.flvVideoHeader
    const audio = session.broadcast.flvAudioHeader
    const health: StreamHealth = {
      bitrateKbps,
      fps: session.videoFramerate || null,
      keyframeInterval: gaps.length ? Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length) / 1000 : null,
      width: session.videoWidth || null,
      height: session.videoHeight || null,
      videoCodec: video ? (VIDEO_CODECS[video[11]! & 0x0f] ?? null) : null,
      audioCodec: audio ? (AUDIO_CODECS[audio[11]! >> 4] ?? null) : null,
    }
    void this.deps.signals
      .media(push.streamId, health)
      .catch((error) =>
        this.deps.log.warn({ err: error, streamId: push.streamId }, 'live media not reported'),
      )
  }

  /** The push is over (the pusher left, was cut, or the node stops): ffmpeg finishes, the actor hears. */
  private async end(push: Push): Promise<void> {
    if (push.closed) return
    push.closed = true
    clearInterval(push.tick)
    push.session.broadcast.donePlay(push.subscriber)
    this.pushes.delete(push.session)
    push.session.close()
    await push.pipeline.finish()
    await this.deps.signals
      .unpublished(push.streamId)
      .catch((error) => this.deps.log.warn({ err: error, streamId: push.streamId }, 'live end not reported'))
    this.deps.log.info({ streamId: push.streamId, run: push.run }, 'live push ended')
  }
}

function isFlvHeader(buffer: Buffer): boolean {
  return buffer.length === 13 && buffer.toString('latin1', 0, 3) === 'FLV'
}

/**
 * The FLV header with the tracks the push has: node-media-server always announces audio, and
 * ffmpeg waits for an audio track announced but never sent before it writes anything.
 */
function flvHeader(audio: boolean): Buffer {
  return Buffer.from([0x46, 0x4c, 0x56, 1, audio ? 5 : 1, 0, 0, 0, 9, 0, 0, 0, 0])
}

/** Whether an FLV tag is a video keyframe (AVC: a frame, not the codec's sequence header). */
function isKeyframe(tag: Buffer): boolean {
  return (
    tag[0] === 9 && tag.length > 12 && tag[11]! >> 4 === 1 && ((tag[11]! & 0x0f) !== FLV_AVC || tag[12] === 1)
  )
}

/** The timestamp (ms) of an FLV tag. */
function flvTime(tag: Buffer): number {
  return ((tag[7]! << 24) | (tag[4]! << 16) | (tag[5]! << 8) | tag[6]!) >>> 0
}
