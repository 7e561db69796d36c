import type { ActorClient } from '../../actors/runtime/client.ts'

export type LatencyMode = 'normal' | 'low'

/** What a backend knows of a stream. */
export interface BackendStream {
  id: string
  ownerId: string
  latencyMode: LatencyMode
  /** The backend's own name for it (the IVS channel ARN), as `create` gave it. */
  backendRef: string | null
}

/** Where and with what a streamer pushes. The key is shown to them once and kept only hashed. */
export interface Ingest {
  rtmpUrl: string
  streamKey: string
  /** What the key is looked up by (unique over every stream), kept beside its hash. */
  keyPrefix: string
  backendRef: string | null
}

/**
 * Who carries live streams (`LIVE_BACKEND`): the local RTMP ingest with ffmpeg, or AWS IVS. The
 * REST service calls it to set a stream up and to cut a pusher; the backend tells the stream's
 * StreamActor what happens on the wire through `StreamSignals` (started, media and health,
 * the pusher gone). The actor is the one owner of live state: a backend never writes it.
 */
export interface LiveBackend {
  readonly name: 'local' | 'ivs'
  /** Sets a new stream up: its ingest address and first key. */
  create(stream: BackendStream): Promise<Ingest>
  /** A new key: the old one is refused from now on, and a pusher on it is cut. */
  rotateKey(stream: BackendStream): Promise<Ingest>
  /** Cuts the pusher of the stream, if any (the stream ended, its key changed, it was deleted). */
  stop(stream: BackendStream): Promise<void>
  /** The stream is deleted: frees what `create` set up. */
  remove(stream: BackendStream): Promise<void>
  close(): Promise<void>
}

/** Ingest health, as the backend measures it. */
export interface StreamHealth {
  /** Kilobits per second received. */
  bitrateKbps: number | null
  fps: number | null
  /** Seconds between keyframes. */
  keyframeInterval: number | null
  width: number | null
  height: number | null
  videoCodec: string | null
  audioCodec: string | null
}

/** What `started` answers: whether the push may go on, and the session its files belong to. */
export type StartAnswer = { accepted: true; sessionId: string } | { accepted: false; reason: string }

/**
 * How a backend reports to a stream's StreamActor (`stream/<id>`), from whichever node it runs on.
 * Every call waits until the actor has handled it; delivery is at least once and the actor's
 * messages are idempotent.
 */
export class StreamSignals {
  constructor(private readonly actors: ActorClient) {}

  /**
   * A pusher began (`sessionId`: the one the backend proposes for a new session; `run`: this push,
   * when the backend writes each push's files apart). Answers the session to write under: a
   * stream already live keeps its session (the pusher came back).
   */
  started(streamId: string, sessionId: string, run?: string): Promise<StartAnswer> {
    return this.actors.ask<StartAnswer>(streamRef(streamId), {
      type: 'started',
      sessionId,
      ...(run ? { run } : {}),
    })
  }

  /** Media arrived (every few seconds while it does), with the ingest's health when known. */
  media(streamId: string, health?: StreamHealth): Promise<void> {
    return this.actors.tell(streamRef(streamId), { type: 'media', ...(health ? { health } : {}) })
  }

  /** The pusher went away: the stream ends unless media comes back within LIVE_IDLE_END_SECONDS. */
  unpublished(streamId: string): Promise<void> {
    return this.actors.tell(streamRef(streamId), { type: 'unpublished' })
  }

  /** Ends the stream now (stopped by the backend's own control plane, say). */
  end(streamId: string, reason: string): Promise<void> {
    return this.actors.tell(streamRef(streamId), { type: 'end', reason })
  }

  /**
   * Viewers now, and viewers seen since the last report (user ids or anonymous hashes). With
   * `gateway`, the count is that gateway's: the actor sums the gateways' reports, each holding
   * for a while (a gateway that died stops counting).
   */
  viewers(streamId: string, count: number, seen: string[] = [], gateway?: string): Promise<void> {
    return this.actors.tell(streamRef(streamId), {
      type: 'viewers',
      count,
      seen,
      ...(gateway ? { gateway } : {}),
    })
  }

  /** The stream's settings or moderation's state of it changed: the room hears its new view. */
  changed(streamId: string): Promise<void> {
    return this.actors.tell(streamRef(streamId), { type: 'changed' })
  }

  /** The recording of the stream is now this video. */
  recorded(streamId: string, videoId: string): Promise<void> {
    return this.actors.tell(streamRef(streamId), { type: 'recorded', videoId })
  }
}

/** The address of a stream's actor. */
export function streamRef(streamId: string) {
  return { kind: 'stream', id: streamId }
}
