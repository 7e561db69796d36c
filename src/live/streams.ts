import { type Kysely, sql } from 'kysely'
import type { ActorClient } from '../../actors/runtime/client.ts'
import { type Audience, audienceColumns, creatorsOnly, type EntitlementCheck } from '../payments/audience.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import { PLAY_PATH, type PlaybackSigner } from '../videos/playback.ts'
import type { VideoService } from '../videos/videos.ts'
import { type BackendStream, type Ingest, type LatencyMode, type LiveBackend, streamRef } from './backend.ts'
import { sessionPrefix } from './hls-pipeline.ts'
import { hashKey } from './keys.ts'
import { liveProblems } from './problems.ts'
import { checkInput, type StreamInput } from './stream-input.ts'
import {
  checkOldEnough,
  loadView,
  lockedView,
  oldEnoughFor,
  type StreamRow,
  type StreamState,
  type StreamView,
  streamsWithOwner,
  viewOf,
  visibleTo,
} from './views.ts'

export interface StreamPlayback {
  live: boolean
  hls: string
  videoId: string | null
  expiresAt: string
}

export type StreamWithIngest = StreamView & { ingest: { rtmpUrl: string; streamKey: string } }

/** The live channel of a stream: its state changes now, its chat once the chat is there. */
export function streamChannel(streamId: string): string {
  return `live:${streamId}`
}

/**
 * Live streams as REST sees them: their settings and keys are written here, their live state
 * (state, session, times, viewers, health) only by each stream's StreamActor, which this service
 * asks to end a stream. Every read goes through `visibleTo`.
 */
export class StreamService {
  constructor(
    private readonly deps: {
      db: Kysely<DB>
      backend: LiveBackend
      actors: ActorClient
      log: Logger
      videos: VideoService
      playback: { signer: PlaybackSigner; baseUrl: string; ttlSeconds: number }
    },
  ) {}

  /**
   * A stream of `owner`, with its audience when made (`audienceColumns`, checked before the backend
   * is asked for an ingest): a stream for subscribers is one from its first row on.
   */
  async create(
    owner: string,
    input: StreamInput & { audience?: Audience; audienceTierId?: string | null },
  ): Promise<StreamWithIngest> {
    const values = checkInput(input)
    const { db, backend } = this.deps
    const audience = await audienceColumns(
      db,
      owner,
      { audience: input.audience, tierId: input.audienceTierId },
      'body.audienceTierId',
    )
    const id = newId()
    const ingest = await backend.create({
      id,
      ownerId: owner,
      latencyMode: input.latencyMode ?? 'normal',
      backendRef: null,
    })
    await db
      .insertInto('liveStreams')
      .values({
        ...values,
        id,
        ownerId: owner,
        title: values.title ?? '',
        visibility: values.visibility ?? input.visibility,
        ...audience,
        backend: backend.name,
        backendRef: ingest.backendRef,
        keyPrefix: ingest.keyPrefix,
        keyHash: hashKey(ingest.streamKey),
      })
      .execute()
    return { ...(await this.view(id)), ingest: shown(ingest) }
  }

  async get(viewer: string | null, id: string): Promise<StreamView> {
    const [view] = await this.viewsFor(viewer, [await this.visibleRow(viewer, id)])
    return view!
  }

  /** Who may see a stream for subscribers in full (payments' entitlements; its owner until told). */
  private entitled: EntitlementCheck = creatorsOnly
  checkEntitlements(check: EntitlementCheck): void {
    this.entitled = check
  }

  /** Whether `viewer` may watch the stream `row` (its audience); chat and playback ask it. */
  async mayWatch(
    viewer: string | null,
    row: { ownerId: string; audience: string; audienceTierId: string | null },
  ) {
    const [allowed] = await this.entitled(viewer, [
      { creatorId: row.ownerId, audience: row.audience, tierId: row.audienceTierId },
    ])
    return allowed === true
  }

  /** The views of `rows` as `viewer` may see them: locked where the audience keeps them out. */
  private async viewsFor(
    viewer: string | null,
    rows: (StreamRow & { username: string; displayName: string | null })[],
  ) {
    const allowed = await this.entitled(
      viewer,
      rows.map((r) => ({ creatorId: r.ownerId, audience: r.audience, tierId: r.audienceTierId })),
    )
    return rows.map((r, i) => (allowed[i] ? viewOf(r) : lockedView(viewOf(r))))
  }

  /** The row (with its owner's name) when `viewer` may see the stream; 404 otherwise. */
  async visibleRow(viewer: string | null, id: string) {
    const row = await streamsWithOwner(this.deps.db)
      .where('s.id', '=', id)
      .where(visibleTo(viewer))
      .executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No such stream')
    return row
  }

  async update(owner: string, id: string, patch: Partial<StreamInput>): Promise<StreamView> {
    const values = checkInput(patch)
    const row = await this.deps.db
      .updateTable('liveStreams')
      .set({ ...values, updatedAt: sql`now()` })
      .where('id', '=', id)
      .where('ownerId', '=', owner)
      .where('deletedAt', 'is', null)
      .returning('id')
      .executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No such stream of yours')
    // The room of the stream hears it from the actor, in order with the rest of its events.
    await this.deps.actors
      .tell(streamRef(id), { type: 'changed' })
      .catch((error: unknown) =>
        this.deps.log.warn({ err: error, streamId: id }, 'the room did not hear of the change'),
      )
    return this.view(id)
  }

  /** Deletes the stream; a live one ends first (its pusher is cut, its recording still made). */
  async delete(owner: string, id: string): Promise<void> {
    const row = await this.ownRow(owner, id)
    if (row.state === 'live') await this.deps.actors.tell(streamRef(id), { type: 'end', reason: 'deleted' })
    await this.deps.db
      .updateTable('liveStreams')
      .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
      .where('id', '=', id)
      .execute()
    await this.deps.backend
      .remove(backendStream(row))
      .catch((error) =>
        this.deps.log.warn({ err: error, streamId: id }, 'live backend did not free the stream'),
      )
  }

  /** A new key: the old one is refused at once and a pusher on it is cut (the stream waits for the new one). */
  async rotateKey(owner: string, id: string): Promise<StreamWithIngest> {
    const row = await this.ownRow(owner, id)
    if (row.state === 'ended') throw new HttpError(liveProblems.ended, 'An ended stream takes no pusher')
    const ingest = await this.deps.backend.rotateKey(backendStream(row))
    await this.deps.db
      .updateTable('liveStreams')
      .set({
        keyPrefix: ingest.keyPrefix,
        keyHash: hashKey(ingest.streamKey),
        backendRef: ingest.backendRef,
        updatedAt: sql`now()`,
      })
      .where('id', '=', id)
      .execute()
    await this.deps.backend.stop(backendStream(row))
    return { ...(await this.view(id)), ingest: shown(ingest) }
  }

  /**
   * Streams `viewer` may see, newest first, optionally in one state; unlisted ones only to their
   * owner, and only when listing `owner`'s; age-restricted ones only to those old enough.
   */
  async list(
    viewer: string | null,
    opts: { state?: StreamState; owner?: string; cursor?: string; limit: number },
  ) {
    let q = streamsWithOwner(this.deps.db).where(visibleTo(viewer)).where(oldEnoughFor(viewer))
    if (opts.state) q = q.where('s.state', '=', opts.state)
    if (opts.owner) q = q.where('s.ownerId', '=', opts.owner)
    if (!opts.owner || opts.owner !== viewer) q = q.where('s.visibility', '!=', 'unlisted')
    const rows = await q
      .$call(newestFirst('s.createdAt', 's.id', decodeCursor(opts.cursor), opts.limit))
      .execute()
    const views = new Map((await this.viewsFor(viewer, rows.slice(0, opts.limit))).map((v) => [v.id, v]))
    return page(
      rows,
      opts.limit,
      (r) => ({ at: r.createdAt, id: r.id }),
      (r) => views.get(r.id)!,
    )
  }

  /**
   * Checks run before a stream's playback is signed (payments' audiences, copyright's territory
   * blocks while live), given the viewer's country from the edge (null when unknown); each may
   * refuse.
   */
  private readonly playbackGates: PlaybackGate[] = []
  gatePlayback(gate: PlaybackGate): void {
    this.playbackGates.push(gate)
  }

  /**
   * Where a viewer who may see the stream plays it: while live, the session's HLS playlist by a
   * signed URL (the token opens the session's files, its playlists served uncached); once the
   * recording is a video, that video's playback (its own rules apply); 409 otherwise.
   */
  async playback(viewer: string | null, id: string, country: string | null): Promise<StreamPlayback> {
    const row = await this.visibleRow(viewer, id)
    await checkOldEnough(this.deps.db, viewer, id)
    for (const gate of this.playbackGates) await gate(viewer, row, country)
    const { signer, baseUrl, ttlSeconds } = this.deps.playback
    if (row.state === 'live' && row.sessionId) {
      const expiresAt = Math.floor(Date.now() / 1000) + ttlSeconds
      const token = signer.sign(row.id, sessionPrefix(row.id, row.sessionId), expiresAt, 'live')
      return {
        live: true,
        hls: `${baseUrl}${PLAY_PATH}/${token}/index.m3u8`,
        videoId: null,
        expiresAt: new Date(expiresAt * 1000).toISOString(),
      }
    }
    const recording = row.videoId
      ? await this.deps.db
          .selectFrom('videos')
          .select('status')
          .where('id', '=', row.videoId)
          .executeTakeFirst()
      : undefined
    if (row.videoId && recording?.status === 'ready') {
      const video = await this.deps.videos.playback(viewer, row.videoId, country, signer, {
        baseUrl,
        ttlSeconds,
      })
      return { live: false, hls: video.hls, videoId: row.videoId, expiresAt: video.expiresAt }
    }
    throw new HttpError(
      liveProblems.notLive,
      row.state !== 'ended'
        ? 'The stream is not live'
        : recording
          ? `The stream has ended; its recording is ${recording.status}`
          : 'The stream has ended without a recording to play',
    )
  }

  private async ownRow(owner: string, id: string): Promise<StreamRow> {
    const row = await this.deps.db
      .selectFrom('liveStreams')
      .selectAll()
      .where('id', '=', id)
      .where('ownerId', '=', owner)
      .where('deletedAt', 'is', null)
      .executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No such stream of yours')
    return row
  }

  private async view(id: string): Promise<StreamView> {
    const view = await loadView(this.deps.db, id)
    if (!view) throw new HttpError(problems.notFound, 'No such stream')
    return view
  }
}

/** A check on a stream's playback: resolves to allow, throws an HttpError to refuse. */
export type PlaybackGate = (
  viewer: string | null,
  row: { id: string; ownerId: string; state: string; audience: string; audienceTierId: string | null },
  country: string | null,
) => Promise<void>

export function backendStream(row: StreamRow): BackendStream {
  return {
    id: row.id,
    ownerId: row.ownerId,
    latencyMode: row.latencyMode as LatencyMode,
    backendRef: row.backendRef,
  }
}

function shown(ingest: Ingest): StreamWithIngest['ingest'] {
  return { rtmpUrl: ingest.rtmpUrl, streamKey: ingest.streamKey }
}
