import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { type Kysely, sql } from 'kysely'
import type { ActorClient } from '../../actors/runtime/client.ts'
import type { StreamSignals } from '../live/backend.ts'
import { sessionPrefix } from '../live/hls-pipeline.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import type { Logger } from '../platform/logger.ts'
import type { Storage } from '../platform/storage.ts'
import { WakeableLoop } from '../platform/wakeable-loop.ts'
import { mergeSegments } from './align.ts'
import type { Claims } from './claims.ts'
import { fingerprint } from './fingerprint.ts'
import { findMatches, type Match, type MatchSegment } from './matcher.ts'

/** Seconds of a live stream matched at a time: its newest segments, this long together. */
export const LIVE_WINDOW_SECONDS = 30
/** A scan's lease: another worker takes a stream over after this long without news. */
const LEASE = '2 minutes'
/** Segments a live claim keeps (merged per kind): a long stream's claim stays small. */
const MAX_SEGMENTS = 100

/** A segment of the rolling window: its name in the session's prefix, where it starts in the stream. */
export interface WindowSegment {
  name: string
  start: number
  seconds: number
}

/** A media playlist's segments with their durations (`#EXTINF`). */
export function playlistEntries(text: string): { name: string; seconds: number }[] {
  const out: { name: string; seconds: number }[] = []
  let seconds = 0
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line.startsWith('#EXTINF:')) seconds = Number.parseFloat(line.slice(8)) || 0
    else if (line && !line.startsWith('#')) {
      out.push({ name: line, seconds })
      seconds = 0
    }
  }
  return out
}

/**
 * The window after `known` (the last window) given what the playlist lists now: the segments
 * after the last one known are new and start where it ended (a gap, when the scan fell behind
 * the playlist, is not counted); the window keeps the newest LIVE_WINDOW_SECONDS.
 */
export function nextWindow(
  known: WindowSegment[],
  listed: { name: string; seconds: number }[],
  windowSeconds = LIVE_WINDOW_SECONDS,
): { window: WindowSegment[]; fresh: number } {
  const last = known.at(-1)
  const at = last ? listed.findIndex((s) => s.name === last.name) : -1
  const names = new Set(known.map((s) => s.name))
  const fresh = (at >= 0 ? listed.slice(at + 1) : listed).filter((s) => !names.has(s.name))
  let next = last ? last.start + last.seconds : 0
  const all = [...known]
  for (const s of fresh) {
    all.push({ name: s.name, start: next, seconds: s.seconds })
    next += s.seconds
  }
  const window = all.filter((s) => s.start + s.seconds > next - windowSeconds)
  return { window, fresh: fresh.length }
}

/** Segments of one kind merged with earlier ones (overlaps joined), newest kept. */
export function mergeLive(earlier: MatchSegment[], found: MatchSegment[]): MatchSegment[] {
  const out: MatchSegment[] = []
  for (const kind of ['audio', 'video'] as const) {
    const merged = mergeSegments([...earlier, ...found].filter((s) => s.kind === kind))
    out.push(...merged.map((s) => ({ ...s, kind })))
  }
  return out.sort((a, b) => a.videoStart - b.videoStart).slice(-MAX_SEGMENTS)
}

/** Seconds of `segments` after `second` (the longest kind: audio and video carry the same copy). */
export function secondsAfter(segments: MatchSegment[], second: number): number {
  const per = { audio: 0, video: 0 }
  for (const s of segments) per[s.kind] += Math.max(0, s.videoEnd - Math.max(s.videoStart, second))
  return Math.max(per.audio, per.video)
}

/**
 * Live streams are matched while they run: every COPYRIGHT_LIVE_SECONDS each worker looks for
 * streams live on the local backend and, for each it holds the lease of, reads the session's
 * playlist from storage (where the ingest puts each segment as it is finished), takes the newest
 * LIVE_WINDOW_SECONDS of segments, fingerprints them joined (MPEG-TS joins byte by byte) and
 * matches them against the references like an upload. Times of a live claim's segments are
 * seconds into the stream (`videoStart`/`videoEnd`).
 *
 * A reference found makes a claim on the stream (the streamer and the holder are notified). Under
 * a blocking policy the streamer is warned at once: a `copyright.warning` event in the stream's
 * chat room and a `copyright.warned` notification. If a later window still carries the reference
 * for at least its minimum seconds after the warning, the stream is cut (ended with reason
 * `copyright`, the pusher disconnected, `copyright.cut` in the room). A disputed or released claim
 * cuts nothing. The recording, if any, is a video matched like any other.
 */
export class LiveScanner {
  constructor(
    private readonly deps: {
      db: Kysely<DB>
      storage: Storage
      claims: Claims
      signals: StreamSignals
      actors: ActorClient
      workDir: string
      log: Logger
    },
  ) {}

  loop(everyMs: number): WakeableLoop {
    return new WakeableLoop(
      'copyright live scanner',
      () => this.round().then(() => false),
      everyMs,
      this.deps.log,
    )
  }

  /** One pass over the live streams. */
  async round(): Promise<void> {
    const live = await this.deps.db
      .selectFrom('liveStreams')
      .select(['id', 'sessionId'])
      .where('state', '=', 'live')
      .where('backend', '=', 'local')
      .where('sessionId', 'is not', null)
      .where('deletedAt', 'is', null)
      .execute()
    for (const s of live)
      await this.scan(s.id, s.sessionId!).catch((error) =>
        this.deps.log.warn({ err: error, streamId: s.id }, 'a live window was not matched'),
      )
  }

  /** The stream's newest window matched, if there is something new and no other worker has it. */
  async scan(streamId: string, sessionId: string): Promise<void> {
    const { db } = this.deps
    await db
      .insertInto('copyrightLiveScans')
      .values({ streamId, sessionId })
      .onConflict((oc) => oc.column('streamId').doNothing())
      .execute()
    const lease = await db
      .updateTable('copyrightLiveScans')
      .set({ leasedUntil: sql`now() + ${LEASE}::interval` })
      .where('streamId', '=', streamId)
      .where((eb) => eb.or([eb('leasedUntil', 'is', null), eb('leasedUntil', '<', sql<Date>`now()`)]))
      .returningAll()
      .executeTakeFirst()
    if (!lease) return
    const scratch = join(this.deps.workDir, `copyright-live-${streamId}-${Date.now()}`)
    let known = lease.sessionId === sessionId ? (lease.segments as unknown as WindowSegment[]) : []
    let matched = 0
    try {
      const prefix = sessionPrefix(streamId, sessionId)
      const { window, fresh } = nextWindow(known, await this.listed(prefix))
      if (fresh === 0) return
      known = window
      await mkdir(scratch, { recursive: true })
      const file = join(scratch, 'window.ts')
      const out = Bun.file(file).writer()
      let bytes = 0
      for (const s of window) {
        const blob = await this.deps.storage.get(`${prefix}${s.name}`)
        if (!blob) continue
        const data = new Uint8Array(await blob.arrayBuffer())
        out.write(data)
        bytes += data.byteLength
      }
      await out.end()
      if (bytes === 0) return
      const fp = await fingerprint(file, 'both')
      const matches = await findMatches(db, fp)
      matched = 1
      const start = window[0]!.start
      const end = window.at(-1)!.start + window.at(-1)!.seconds
      for (const m of matches) await this.claim(streamId, m, start, end)
    } finally {
      await db
        .updateTable('copyrightLiveScans')
        .set({
          sessionId,
          segments: sql<Json>`${JSON.stringify(known)}::text::jsonb`,
          windows: sql`windows + ${matched}`,
          leasedUntil: null,
          scannedAt: sql`now()`,
        })
        .where('streamId', '=', streamId)
        .execute()
      await rm(scratch, { recursive: true, force: true })
    }
  }

  /** The playlist of the session (a ladder's: its first rendition's). */
  private async listed(prefix: string): Promise<{ name: string; seconds: number }[]> {
    const read = async (name: string) => (await this.deps.storage.get(`${prefix}${name}`))?.text()
    let entries = playlistEntries((await read('index.m3u8')) ?? '')
    if (entries[0]?.name.endsWith('.m3u8')) entries = playlistEntries((await read(entries[0].name)) ?? '')
    return entries
  }

  /**
   * A match in the window [start, end) of the stream: a new claim (and the warning under a blocking
   * policy), or more segments on the claim, and the cut when the match goes on after the warning.
   */
  async claim(streamId: string, match: Match, start: number, end: number): Promise<void> {
    const { db, claims } = this.deps
    const found = match.segments.map((s) => ({
      ...s,
      videoStart: s.videoStart + start,
      videoEnd: s.videoEnd + start,
    }))
    const told = await db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('copyrightClaims as c')
        .innerJoin('copyrightReferences as r', 'r.id', 'c.referenceId')
        .selectAll('c')
        .select(['r.title', 'r.minMatchSeconds'])
        .where('c.streamId', '=', streamId)
        .where('c.referenceId', '=', match.referenceId)
        .forUpdate('c')
        .executeTakeFirst()
      if (!existing) {
        const id = await claims.insert(
          trx,
          { streamId },
          match.referenceId,
          'match',
          found,
          match.confidence,
          null,
        )
        if (!id) return undefined
        const claim = await trx
          .selectFrom('copyrightClaims as c')
          .innerJoin('copyrightReferences as r', 'r.id', 'c.referenceId')
          .select(['c.id', 'c.policy', 'c.uploaderId', 'c.holderId', 'r.title'])
          .where('c.id', '=', id)
          .executeTakeFirstOrThrow()
        if (claim.policy !== 'block') return undefined
        await trx
          .updateTable('copyrightClaims')
          .set({ warnedAt: sql`now()`, warnedSecond: end })
          .where('id', '=', id)
          .execute()
        await claims.record(trx, id, null, 'warned', null, claim)
        return { event: 'copyright.warning', claimId: id, title: claim.title, cut: false }
      }
      const segments = mergeLive(existing.segments as unknown as MatchSegment[], found)
      const cut =
        existing.policy === 'block' &&
        (existing.state === 'active' || existing.state === 'upheld') &&
        existing.warnedSecond !== null &&
        existing.cutAt === null &&
        secondsAfter(found, existing.warnedSecond) >= existing.minMatchSeconds
      await trx
        .updateTable('copyrightClaims')
        .set({
          segments: sql<Json>`${JSON.stringify(segments)}::text::jsonb`,
          confidence: Math.max(existing.confidence, match.confidence),
          updatedAt: sql`now()`,
          ...(cut ? { cutAt: sql`now()` } : {}),
        })
        .where('id', '=', existing.id)
        .execute()
      if (!cut) return undefined
      await claims.record(trx, existing.id, null, 'cut', null, existing)
      return { event: 'copyright.cut', claimId: existing.id, title: existing.title, cut: true }
    })
    if (!told) return
    // The room hears it (numbered and kept by the stream's actor), then the stream is ended.
    await this.deps.actors.tell(
      { kind: 'stream', id: streamId },
      {
        type: 'chat.event',
        event: told.event,
        data: {
          claimId: told.claimId,
          referenceTitle: told.title,
          message: told.cut
            ? `The stream was cut: it kept carrying "${told.title}", claimed by its rightsholder`
            : `This stream carries "${told.title}", claimed by its rightsholder: stop playing it or the stream will be cut`,
        },
      },
    )
    if (told.cut) await this.deps.signals.end(streamId, 'copyright')
  }
}
