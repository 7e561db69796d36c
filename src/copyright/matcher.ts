import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import {
  type AlignOptions,
  align,
  mergeSegments,
  pickSegments,
  type Segment,
  score,
  type Track,
  votePeaks,
} from './align.ts'
import { AUDIO_STEP, type Fingerprints, FRAME_RATE } from './fingerprint.ts'
import { LANDMARK_STEP, type Landmarks, MAX_DT, type Peaks, pairPeaks } from './landmarks.ts'
import { bands } from './phash.ts'

/**
 * Finding references in a query's fingerprints: the inverted index in PostgreSQL (audio: the top
 * 20 bits of each Chromaprint sub-fingerprint; video: each 16-bit band of each frame hash, looked
 * up as it is and with each one of its bits flipped, so any frame within 7 bits of a reference
 * frame is found for sure, farther ones often; a frame 18 bits off, as pHashes of busy pictures
 * under a logo or letterbox are, votes about 7 times as often as by exact bands alone) votes for
 * (reference, offset) pairs; the strongest candidates' stored fingerprints are then aligned and
 * scored (align.ts) into segments. The audio is also matched by its spectral-peak landmarks
 * (landmarks.ts, matchLandmarks): found under speech, where Chromaprint's keys are lost; a
 * reference's audio segments are those of both, merged. Video is matched in three views (VIEWS): the query's whole
 * frames against the references' whole frames and against their central ZOOM (a cropped copy),
 * and the query's CENTRE against theirs (a copy with a logo or caption near the edges); a
 * reference's video segments are those of all three, merged.
 */

export type MediaKind = 'audio' | 'video'

export interface MatchSegment extends Segment {
  kind: MediaKind
}

export interface Match {
  referenceId: string
  segments: MatchSegment[]
  confidence: number
}

const AUDIO_KEY_SHIFT = 12
/** Offsets voted in bins of this many frames (a 2% speed change spreads a peak). */
const BIN = 4
/** Candidates aligned per kind (by votes). */
const MAX_CANDIDATES = 12
const MAX_PEAKS = 4

interface KindSettings {
  step: number
  minVotes: number
  align: Omit<AlignOptions, 'drift' | 'minSeconds'>
}

export const SETTINGS: Record<MediaKind, KindSettings> = {
  audio: {
    step: AUDIO_STEP,
    minVotes: 3,
    align: { threshold: 0.25, window: 16, gapSeconds: 2, span: 2.6, lead: 1.4 },
  },
  video: {
    step: 1 / FRAME_RATE,
    minVotes: 3,
    // 0.33 with the probed bands (bench/copyright/video-tune.ts, 24 references, 48 transformed
    // excerpts, 30 unrelated videos): 45/48 found, 0 false; 0.30: 42/48; 0.36: 46/48 but 2 false.
    align: { threshold: 0.33, window: 4, gapSeconds: 2, span: 0.5, lead: 0 },
  },
}

/** Index entries: the key and position of each frame that differs from the one before it. */
export function audioEntries(fp: Int32Array): { keys: number[]; pos: number[] } {
  const keys: number[] = []
  const pos: number[] = []
  for (let i = 0; i < fp.length; i++) {
    if (i > 0 && fp[i] === fp[i - 1]) continue
    keys.push(fp[i]! >>> AUDIO_KEY_SHIFT)
    pos.push(i)
  }
  return { keys, pos }
}

/** Index entries of frame hashes: the 4 bands of each frame (numbered from `firstBand`). */
export function videoEntries(
  fp: BigInt64Array,
  firstBand = 0,
): { band: number[]; keys: number[]; pos: number[] } {
  const band: number[] = []
  const keys: number[] = []
  const pos: number[] = []
  for (let i = 0; i < fp.length; i++) {
    if (fp[i] === 0n || (i > 0 && fp[i] === fp[i - 1])) continue
    const b = bands(fp[i]!)
    for (let k = 0; k < 4; k++) {
      band.push(firstBand + k)
      keys.push(b[k]!)
      pos.push(i)
    }
  }
  return { band, keys, pos }
}

/** A way of matching: which of the query's fingerprints against which stored ones of the references. */
interface View {
  kind: MediaKind
  query: (fp: Fingerprints) => Int32Array | BigInt64Array | undefined
  stored: (fp: Fingerprints) => Int32Array | BigInt64Array | undefined
  column: 'audioFp' | 'videoFp' | 'videoFpZoom' | 'videoFpCentre'
  /** Video: the index bands of the stored hashes (4 from here). */
  firstBand: number
}

export const VIEWS = {
  audio: { kind: 'audio', query: (f) => f.audio, stored: (f) => f.audio, column: 'audioFp', firstBand: 0 },
  whole: { kind: 'video', query: (f) => f.video, stored: (f) => f.video, column: 'videoFp', firstBand: 0 },
  zoom: {
    kind: 'video',
    query: (f) => f.video,
    stored: (f) => f.videoZoom,
    column: 'videoFpZoom',
    firstBand: 4,
  },
  centre: {
    kind: 'video',
    query: (f) => f.videoCentre,
    stored: (f) => f.videoCentre,
    column: 'videoFpCentre',
    firstBand: 8,
  },
} as const satisfies Record<string, View>

const VIDEO_VIEWS: View[] = [VIEWS.whole, VIEWS.zoom, VIEWS.centre]

/** A reference's fingerprints as stored on its row (int8 as strings, absent ones null). */
export function storedColumns(fp: Fingerprints) {
  const hashes = (h: BigInt64Array | undefined) => (h?.length ? [...h].map(String) : null)
  return {
    audioFp: fp.audio.length ? [...fp.audio] : null,
    videoFp: hashes(fp.video),
    videoFpZoom: hashes(fp.videoZoom),
    videoFpCentre: hashes(fp.videoCentre),
  }
}

/** Writes a reference's index entries (in the transaction that makes it active). */
export async function indexReference(
  trx: Transaction<DB>,
  referenceId: string,
  fp: Fingerprints,
): Promise<void> {
  const a = audioEntries(fp.audio)
  if (a.keys.length)
    await sql`insert into copyright_audio_index (key, reference_id, pos)
      select k, ${referenceId}::uuid, p from unnest(${a.keys}::int4[], ${a.pos}::int4[]) as t (k, p)`.execute(
      trx,
    )
  if (fp.landmarks?.hashes.length)
    await sql`insert into copyright_landmark_index (hash, reference_id, t)
      select h, ${referenceId}::uuid, t
      from unnest(${[...fp.landmarks.hashes]}::int4[], ${[...fp.landmarks.times]}::int4[]) as l (h, t)`.execute(
      trx,
    )
  for (const view of VIDEO_VIEWS) {
    const hashes = view.stored(fp)
    if (!hashes?.length) continue
    const v = videoEntries(hashes as BigInt64Array, view.firstBand)
    if (v.keys.length)
      await sql`insert into copyright_video_index (band, key, reference_id, pos)
        select b, k, ${referenceId}::uuid, p
        from unnest(${v.band}::int2[], ${v.keys}::int4[], ${v.pos}::int4[]) as t (b, k, p)`.execute(trx)
  }
}

export async function unindexReference(trx: Transaction<DB>, referenceId: string): Promise<void> {
  await trx.deleteFrom('copyrightAudioIndex').where('referenceId', '=', referenceId).execute()
  await trx.deleteFrom('copyrightLandmarkIndex').where('referenceId', '=', referenceId).execute()
  await trx.deleteFrom('copyrightVideoIndex').where('referenceId', '=', referenceId).execute()
}

export function audioTrack(fp: Int32Array | number[]): Track {
  return { words: Int32Array.from(fp), stride: 1, step: AUDIO_STEP }
}

export function videoTrack(fp: BigInt64Array | (string | bigint)[]): Track {
  const hashes = fp instanceof BigInt64Array ? fp : BigInt64Array.from(fp, (v) => BigInt(v))
  return { words: new Int32Array(hashes.buffer, hashes.byteOffset, hashes.length * 2), stride: 2, step: 0.5 }
}

type Votes = Map<string, Map<number, number>>

/**
 * Votes per (reference, offset bin). Each query key is looked up in the index on its own (the
 * lateral subquery, kept apart by `offset 0`): joined as a set, PostgreSQL's estimate of the
 * unnested keys made it hash-join over a scan of the whole index (100 ms at 450k rows, against
 * 13 ms by index).
 */
async function votes(db: Kysely<DB>, view: View, words: Int32Array | BigInt64Array): Promise<Votes> {
  let rows: { referenceId: string; bin: number; votes: number }[]
  if (view.kind === 'audio') {
    const q = audioEntries(words as Int32Array)
    if (!q.keys.length) return new Map()
    rows = (
      await sql<{ referenceId: string; bin: number; votes: number }>`
        select i.reference_id as "referenceId", floor((i.pos - q.pos)::float / ${BIN})::int as bin, count(*)::int as votes
        from unnest(${q.keys}::int4[], ${q.pos}::int4[]) as q (key, pos)
        cross join lateral (
          select reference_id, pos from copyright_audio_index i where i.key = q.key offset 0) i
        group by 1, 2 having count(*) >= 2`.execute(db)
    ).rows
  } else {
    const q = videoEntries(words as BigInt64Array, view.firstBand)
    if (!q.keys.length) return new Map()
    // Each band also looked up with any one of its bits flipped (16 more keys a band).
    const n = q.keys.length
    for (let e = 0; e < n; e++)
      for (let b = 0; b < 16; b++) {
        q.band.push(q.band[e]!)
        q.keys.push(q.keys[e]! ^ (1 << b))
        q.pos.push(q.pos[e]!)
      }
    rows = (
      await sql<{ referenceId: string; bin: number; votes: number }>`
        select i.reference_id as "referenceId", floor((i.pos - q.pos)::float / ${BIN})::int as bin,
          count(distinct q.pos)::int as votes
        from unnest(${q.band}::int2[], ${q.keys}::int4[], ${q.pos}::int4[]) as q (band, key, pos)
        cross join lateral (
          select reference_id, pos from copyright_video_index i
          where i.band = q.band and i.key = q.key offset 0) i
        group by 1, 2 having count(distinct q.pos) >= 2`.execute(db)
    ).rows
  }
  const out: Votes = new Map()
  for (const r of rows) {
    const m = out.get(r.referenceId) ?? new Map<number, number>()
    out.set(r.referenceId, m)
    m.set(r.bin * BIN + BIN / 2, r.votes)
  }
  return out
}

/** Drift allowed for a query of `frames` frames: 2.5% of its length (a 2% speed change), at least 3. */
function driftOf(frames: number): number {
  return Math.min(60, Math.max(3, Math.ceil(frames * 0.025) + 2))
}

/**
 * Segments of one view of one query (one speed variant), per reference (each reference's minimum
 * seconds put in `minimums`).
 */
async function matchView(
  db: Kysely<DB>,
  view: View,
  fp: Fingerprints,
  minimums = new Map<string, number>(),
): Promise<Map<string, MatchSegment[]>> {
  const found = new Map<string, MatchSegment[]>()
  const { kind } = view
  const words = view.query(fp)
  if (!words?.length) return found
  const query = kind === 'audio' ? audioTrack(words as Int32Array) : videoTrack(words as BigInt64Array)
  const frames = query.words.length / query.stride
  const settings = SETTINGS[kind]
  const drift = driftOf(frames)
  const voted = await votes(db, view, words)
  const ranked = [...voted.entries()]
    .map(([id, v]) => ({ id, peaks: votePeaks(v, drift, settings.minVotes, MAX_PEAKS), v }))
    .filter((c) => c.peaks.length > 0)
    .map((c) => ({ ...c, top: Math.max(...c.peaks.map((p) => windowVotes(c.v, p, drift))) }))
    .sort((a, b) => b.top - a.top)
    .slice(0, MAX_CANDIDATES)
  if (!ranked.length) return found
  const refs = await db
    .selectFrom('copyrightReferences')
    .select(['id', view.column, 'minMatchSeconds'])
    .where(
      'id',
      'in',
      ranked.map((c) => c.id),
    )
    .where('status', '=', 'active')
    .where('deletedAt', 'is', null)
    .execute()
  for (const ref of refs) {
    minimums.set(ref.id, ref.minMatchSeconds)
    const stored = (ref as Record<View['column'], (number | string)[] | null>)[view.column]
    if (!stored?.length) continue
    const track = kind === 'audio' ? audioTrack(stored as number[]) : videoTrack(stored as string[])
    const candidate = ranked.find((c) => c.id === ref.id)!
    const segments: Segment[] = []
    for (const peak of candidate.peaks)
      segments.push(
        ...align(query, track, peak, { ...settings.align, drift, minSeconds: ref.minMatchSeconds }),
      )
    const merged = pickSegments(segments, ref.minMatchSeconds)
    if (merged.length)
      found.set(
        ref.id,
        merged.map((s) => ({ ...s, kind })),
      )
  }
  return found
}

const matched = (segments: MatchSegment[]) => segments.reduce((a, s) => a + s.videoEnd - s.videoStart, 0)

/**
 * Every active reference found in the fingerprints, with its segments (both kinds) and
 * confidence; segments shorter than the reference's minimum are left out. The audio is also
 * matched at the speeds of `fp.audioVariants` (a copy played 2% fast shifts every pitch, which
 * Chromaprint's keys do not survive): per reference the variant matching longest is kept, its
 * times brought back to the upload's timeline.
 */
export async function findMatches(db: Kysely<DB>, fp: Fingerprints): Promise<Match[]> {
  const audio = await matchView(db, VIEWS.audio, fp)
  for (const variant of fp.audioVariants ?? []) {
    const found = await matchView(db, VIEWS.audio, { audio: variant.audio, video: new BigInt64Array(0) })
    for (const [id, segments] of found) {
      const mapped = segments.map((s) => ({
        ...s,
        videoStart: s.videoStart * variant.speed,
        videoEnd: s.videoEnd * variant.speed,
      }))
      if (matched(mapped) > matched(audio.get(id) ?? [])) audio.set(id, mapped)
    }
  }
  if (fp.landmarks?.hashes.length)
    for (const [id, segments] of await matchLandmarks(db, fp.landmarks, fp.peaks))
      audio.set(
        id,
        mergeSegments([...(audio.get(id) ?? []), ...segments]).map((s) => ({ ...s, kind: 'audio' as const })),
      )
  const video = new Map<string, MatchSegment[]>()
  const minimums = new Map<string, number>()
  for (const view of VIDEO_VIEWS)
    for (const [id, segments] of await matchView(db, view, fp, minimums))
      video.set(id, [...(video.get(id) ?? []), ...segments])
  // A picture that repeats (a loop, a still) matches at several offsets: where segments at
  // different offsets cover the same part of the upload, the one agreeing with the reference's
  // audio keeps it, else the best scoring (pickSegments: the longest, closest alignment).
  const shift = (s: Segment) => s.referenceStart - s.videoStart
  for (const [id, segments] of video) {
    const heard = (audio.get(id) ?? []).map(shift)
    const apart = (s: Segment) => Math.min(...heard.map((h) => Math.abs(h - shift(s))))
    const rank = (a: Segment, b: Segment) => (heard.length ? apart(a) - apart(b) : 0) || score(b) - score(a)
    video.set(
      id,
      pickSegments(segments, minimums.get(id) ?? 0, rank).map((s) => ({ ...s, kind: 'video' as const })),
    )
  }
  const ids = new Set([...audio.keys(), ...video.keys()])
  return [...ids].map((referenceId) => {
    const segments = [...(audio.get(referenceId) ?? []), ...(video.get(referenceId) ?? [])]
    return { referenceId, segments, confidence: Math.max(...segments.map((s) => s.confidence)) }
  })
}

function windowVotes(v: Map<number, number>, at: number, drift: number): number {
  let sum = 0
  for (const [o, n] of v) if (Math.abs(o - at) <= drift) sum += n
  return sum
}

/**
 * Landmark matching: votes of the query's hashes per (reference, offset bin of LANDMARK_BIN
 * frames); where a reference's votes (two neighbouring bins) reach LANDMARK_MIN_VOTES, the query
 * times that voted for it (those with LANDMARK_DENSE votes around them) are split at gaps over
 * LANDMARK_GAP seconds into segments, each kept if it has LANDMARK_MIN_VOTES votes from
 * LANDMARK_MIN_ANCHORS query times at LANDMARK_MIN_RATE a second at least and lasts the
 * reference's minimum (with the upload's constellation at hand: its extent, checked by the
 * reference's peaks, lasts it, and EXTENT_MIN_VOTES votes do). An unrelated track's chance hits spread over offsets and time: measured on the
 * synthetic corpus (bench/copyright/landmark-probe.ts), at most ~8 at one offset of a 30 s track
 * against one reference (about 0.3 a second), where a copy under speech louder than the music
 * keeps 1.5-2.5 a second and a clean one 10-20. A voice can mask the music for seconds: the
 * votes of one offset are joined across LANDMARK_GAP.
 */
const LANDMARK_BIN = 2
const LANDMARK_MIN_VOTES = 16
const LANDMARK_MIN_RATE = 1
const LANDMARK_GAP = 10
/** A vote counts where LANDMARK_DENSE votes (itself included) fall within ±LANDMARK_NEAR seconds. */
const LANDMARK_NEAR = 2.5
const LANDMARK_DENSE = 4
/**
 * A segment's votes must come from this many distinct query times (anchors) at least. A chance
 * alignment of two melodies in the same key and tempo matches a few anchors with several of their
 * pairs each (votes about 2.5 times the anchors; a copy's about 1.6 times): 500 unrelated 30 s
 * tracks against 801 references of the bench's corpus (400k pairs, counted in memory with these
 * rules but LANDMARK_MIN_VOTES lowered to 10 and the length to 4 s), chance segments of 10-15
 * votes had 3-6 anchors; copies under speech (16 excerpts of 10-60 s) 27-160 where found, the
 * 10-12 s ones (missed by the vote and length minimums) 8-13.
 */
const LANDMARK_MIN_ANCHORS = 10
const LANDMARK_POSTINGS = 256
/**
 * A segment's extent, where the upload's dense constellation (`Fingerprints.peaks`) is at hand:
 * from its voted span outwards, as long as the share of the reference's peaks (its landmark
 * pairs' two ends) that the upload has too (±1 frame, ±1 bin, at the voted offset) over
 * EXTENT_WINDOW seconds centred on each frame stays at EXTENT_SHARE. A voice masks the votes of
 * a copy's first and last seconds (a 10-12 s excerpt under speech keeps ~7 s of votes), not all
 * of its peaks: a copy under speech keeps about half of them (p5 0.35), unrelated audio at the
 * same offset 0.04 (p95 0.14; bench/copyright/extent-probe.ts). A segment so checked (its whole
 * extent at EXTENT_SHARE) counts its extent against the reference's minimum seconds and needs
 * EXTENT_MIN_VOTES votes (the anchors' rule unchanged); its confidence is that share.
 */
const EXTENT_WINDOW = 2
const EXTENT_SHARE = 0.2
const EXTENT_MIN_VOTES = 12
/** Fewest reference peaks in a window for its share to count (silence in the reference stops the extent). */
const EXTENT_MIN_PEAKS = 8
/** Seconds a segment's last anchor stands for (its pairs reach up to MAX_DT frames on). */
const LANDMARK_SPAN = (MAX_DT * LANDMARK_STEP) / 2

export async function matchLandmarks(
  db: Kysely<DB>,
  lm: Landmarks,
  peaks?: Peaks,
): Promise<Map<string, MatchSegment[]>> {
  const found = new Map<string, MatchSegment[]>()
  // Each distinct hash looked up once (at most LANDMARK_POSTINGS + 1 entries: a hash more common
  // than that in the library says little and is left out), then joined to the query's times.
  const distinct = [...new Set(lm.hashes)]
  // Without JIT: the join's row estimates (every hash's postings as long as the average) made
  // PostgreSQL compile it, 375 of 514 ms at 240k index rows (EXPLAIN ANALYZE); it runs in ~140.
  const rows = await db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx)
    return (
      await sql<{ referenceId: string; bin: number; times: number[] }>`
      with q as (select * from unnest(${[...lm.hashes]}::int4[], ${[...lm.times]}::int4[]) as q (hash, t)),
      p as (
        select k.hash, i.reference_id, i.t from unnest(${distinct}::int4[]) as k (hash)
        cross join lateral (
          select reference_id, t from copyright_landmark_index i where i.hash = k.hash
          limit ${LANDMARK_POSTINGS + 1}) i),
      common as (select hash from p group by hash having count(*) > ${LANDMARK_POSTINGS})
      select p.reference_id as "referenceId", floor((p.t - q.t)::float / ${LANDMARK_BIN})::int as bin,
        array_agg(q.t) as times
      from p join q using (hash)
      where p.hash not in (select hash from common)
      group by 1, 2 having count(*) >= 4`.execute(trx)
    ).rows
  })
  const byRef = new Map<string, Map<number, number[]>>()
  for (const r of rows) {
    const m = byRef.get(r.referenceId) ?? new Map<number, number[]>()
    byRef.set(r.referenceId, m)
    m.set(r.bin, r.times)
  }
  // Peaks: bins whose votes with the next bin's reach the minimum, strongest first, apart.
  const candidates: { id: string; bin: number; times: number[] }[] = []
  for (const [id, bins] of byRef) {
    const pairs = [...bins.keys()]
      .map((b) => ({ bin: b, times: [...bins.get(b)!, ...(bins.get(b + 1) ?? [])] }))
      .filter((p) => p.times.length >= (peaks?.t.length ? EXTENT_MIN_VOTES : LANDMARK_MIN_VOTES))
      .sort((a, b) => b.times.length - a.times.length)
    const taken: number[] = []
    for (const p of pairs) {
      if (taken.length >= MAX_PEAKS) break
      if (taken.some((b) => Math.abs(b - p.bin) <= 2)) continue
      taken.push(p.bin)
      candidates.push({ id, ...p })
    }
  }
  if (!candidates.length) return found
  const refs = await db
    .selectFrom('copyrightReferences')
    .select(['id', 'minMatchSeconds'])
    .where('id', 'in', [...new Set(candidates.map((c) => c.id))])
    .where('status', '=', 'active')
    .where('deletedAt', 'is', null)
    .execute()
  const minimum = new Map(refs.map((r) => [r.id, r.minMatchSeconds]))
  for (const c of candidates) {
    const minSeconds = minimum.get(c.id)
    if (minSeconds === undefined) continue
    const all = [...c.times].sort((a, b) => a - b)
    // Only votes with company: a chance hit at the same offset a few seconds outside the copy
    // would otherwise stretch its segment to it (the gap joins it).
    const near = LANDMARK_NEAR / LANDMARK_STEP
    const times: number[] = []
    for (let i = 0, a = 0, b = 0; i < all.length; i++) {
      while (all[a]! < all[i]! - near) a++
      while (b < all.length && all[b]! <= all[i]! + near) b++
      if (b - a >= LANDMARK_DENSE) times.push(all[i]!)
    }
    const offset = (c.bin * LANDMARK_BIN + LANDMARK_BIN) * LANDMARK_STEP
    const gap = LANDMARK_GAP / LANDMARK_STEP
    let first = 0
    for (let i = 1; i <= times.length; i++) {
      if (!times.length) break
      if (i < times.length && times[i]! - times[i - 1]! <= gap) continue
      const votes = i - first
      const anchors = new Set(times.slice(first, i)).size
      let videoStart = times[first]! * LANDMARK_STEP
      let videoEnd = times[i - 1]! * LANDMARK_STEP + LANDMARK_SPAN
      const voted = videoEnd - videoStart
      const firstTime = times[first]!
      const lastTime = times[i - 1]!
      first = i
      if (anchors < LANDMARK_MIN_ANCHORS || votes < EXTENT_MIN_VOTES || votes < LANDMARK_MIN_RATE * voted)
        continue
      const checked = peaks?.t.length
        ? await extent(db, c.id, peaks, c.bin * LANDMARK_BIN + LANDMARK_BIN, firstTime, lastTime)
        : undefined
      if (checked) {
        videoStart = Math.min(videoStart, checked.start * LANDMARK_STEP)
        videoEnd = Math.max(videoEnd, checked.end * LANDMARK_STEP)
      }
      if ((!checked && votes < LANDMARK_MIN_VOTES) || videoEnd - videoStart < minSeconds) continue
      const segment = {
        kind: 'audio' as const,
        videoStart,
        videoEnd,
        referenceStart: Math.max(0, videoStart + offset),
        referenceEnd: videoEnd + offset,
        confidence: checked?.share ?? 0,
      }
      if (!checked) {
        // The share of the reference's anchors over the span that the query carries.
        const stored = await sql<{ n: number }>`
          select count(distinct t)::int as n from copyright_landmark_index
          where reference_id = ${c.id}::uuid and t between ${Math.floor(segment.referenceStart / LANDMARK_STEP)}
            and ${Math.ceil((segment.referenceEnd - LANDMARK_SPAN) / LANDMARK_STEP)}`.execute(db)
        segment.confidence = Math.min(1, anchors / Math.max(1, stored.rows[0]?.n ?? 0))
      }
      found.set(
        c.id,
        mergeSegments([...(found.get(c.id) ?? []), segment]).map((s) => ({ ...s, kind: 'audio' })),
      )
    }
  }
  return found
}

/**
 * The extent (upload frames) of a landmark segment voted from `firstTime` to `lastTime` at about
 * `offset` frames (reference frame = upload frame + offset), by the share of the reference's
 * peaks the upload's constellation has (EXTENT_SHARE over EXTENT_WINDOW); undefined where its
 * voted span itself falls short of that share (chance votes).
 */
async function extent(
  db: Kysely<DB>,
  referenceId: string,
  peaks: Peaks,
  offset: number,
  firstTime: number,
  lastTime: number,
): Promise<{ start: number; end: number; share: number } | undefined> {
  const frames = peaks.t[peaks.t.length - 1]! + 1
  const rows = await sql<{ hash: number; t: number }>`
    select hash, t from copyright_landmark_index
    where reference_id = ${referenceId}::uuid and t between ${offset - 2 - MAX_DT} and ${offset + 2 + frames}`.execute(
    db,
  )
  // The reference's peaks: both ends of each stored pair.
  const stored = new Set<number>()
  for (const { hash, t } of rows.rows) {
    const [t1, f1, t2, f2] = pairPeaks(hash, t)
    stored.add(t1 * 1024 + f1)
    stored.add(t2 * 1024 + f2)
  }
  const upload = new Set<number>()
  for (let i = 0; i < peaks.t.length; i++) upload.add(peaks.t[i]! * 1024 + peaks.f[i]!)
  const near = (t: number, f: number) => {
    for (let dt = -1; dt <= 1; dt++)
      for (let df = -1; df <= 1; df++) if (upload.has((t + dt) * 1024 + f + df)) return true
    return false
  }
  /** Per upload frame: the reference's peaks there (at offset `d`) and those the upload has. */
  const tally = (d: number) => {
    const count = new Int32Array(frames)
    const hit = new Int32Array(frames)
    for (const key of stored) {
      const t = Math.floor(key / 1024) - d
      if (t < 0 || t >= frames) continue
      count[t]!++
      if (near(t, key % 1024)) hit[t]!++
    }
    return { count, hit }
  }
  const sum = (a: Int32Array, from: number, to: number) => {
    let n = 0
    for (let i = Math.max(0, from); i <= Math.min(a.length - 1, to); i++) n += a[i]!
    return n
  }
  // The exact offset: the voted bins are 2 frames wide; the one whose span has most hits.
  const spanEnd = lastTime + MAX_DT / 2
  let best = tally(offset)
  for (const d of [offset - 2, offset - 1, offset + 1, offset + 2]) {
    const t = tally(d)
    if (sum(t.hit, firstTime, spanEnd) > sum(best.hit, firstTime, spanEnd)) best = t
  }
  const { count, hit } = best
  const half = Math.round(EXTENT_WINDOW / LANDMARK_STEP / 2)
  const holds = (i: number) => {
    const n = sum(count, i - half, i + half)
    return n >= EXTENT_MIN_PEAKS && sum(hit, i - half, i + half) >= EXTENT_SHARE * n
  }
  let start = firstTime
  while (start > 0 && holds(start - 1)) start--
  let end = Math.min(frames - 1, lastTime)
  while (end < frames - 1 && holds(end + 1)) end++
  const n = sum(count, start, end)
  const share = n ? sum(hit, start, end) / n : 0
  return share >= EXTENT_SHARE ? { start, end, share } : undefined
}
