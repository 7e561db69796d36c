import { popcount32 } from './phash.ts'

/**
 * Scoring of one candidate reference against a query once the index voted for an offset (AcoustID's
 * method, extended to segments): for each query frame the bit error rate against the reference
 * frame at the offset, averaged over a short window, the lowest over offsets near the voted one
 * (so a copy played 2% fast, whose offset drifts, stays aligned), then the runs of frames under
 * the threshold, joined across short gaps, become segments on both timelines.
 */

/** A fingerprint sequence: `stride` 32-bit words per frame, one frame every `step` seconds. */
export interface Track {
  words: Int32Array
  stride: 1 | 2
  step: number
}

export interface Segment {
  videoStart: number
  videoEnd: number
  referenceStart: number
  referenceEnd: number
  /** 1 − (bit error rate / 0.5) over the segment: 0 is chance, 1 identical. */
  confidence: number
}

export interface AlignOptions {
  /** Largest windowed bit error rate of a matching frame. */
  threshold: number
  /** Frames averaged (centred) before the threshold. */
  window: number
  /** Frames of drift allowed around the voted offset. */
  drift: number
  /** Unmatched seconds bridged inside a segment. */
  gapSeconds: number
  /** Shortest segment reported, in seconds. */
  minSeconds: number
  /** Seconds of media a frame covers after its start (Chromaprint's frames look ahead ~2.6 s). */
  span: number
  /**
   * Seconds by which the first matching frame starts before the copy (a Chromaprint frame whose
   * window is mostly inside the copy already matches: measured about 1.5 s).
   */
  lead: number
}

export function frameCount(t: Track): number {
  return Math.floor(t.words.length / t.stride)
}

/** Whether the frame carries nothing (a flat video frame is hashed 0). */
function blank(t: Track, i: number): boolean {
  if (t.stride === 1) return false
  return t.words[2 * i] === 0 && t.words[2 * i + 1] === 0
}

function frameErrors(q: Track, r: Track, i: number, j: number): number {
  let bits = 0
  for (let k = 0; k < q.stride; k++)
    bits += popcount32(q.words[i * q.stride + k]! ^ r.words[j * r.stride + k]!)
  return bits / (32 * q.stride)
}

/**
 * Every segment where `query` carries `reference` at offsets near `offset` (reference frame =
 * query frame + offset).
 */
export function align(query: Track, reference: Track, offset: number, opts: AlignOptions): Segment[] {
  const nq = frameCount(query)
  const nr = frameCount(reference)
  const half = Math.floor(opts.window / 2)
  const best = new Float64Array(nq).fill(1)
  const bestOffset = new Int32Array(nq).fill(offset)
  const errors = new Float64Array(nq)
  // Each frame's own error at its best offset (the window's mean smears a segment's ends).
  const own = new Float64Array(nq).fill(1)
  const prefix = new Float64Array(nq + 1)
  const valid = new Int32Array(nq + 1)
  for (let d = offset - opts.drift; d <= offset + opts.drift; d++) {
    for (let i = 0; i < nq; i++) {
      const j = i + d
      const inside = j >= 0 && j < nr && !blank(query, i) && !blank(reference, j)
      errors[i] = inside ? frameErrors(query, reference, i, j) : 0
      prefix[i + 1] = prefix[i]! + errors[i]!
      valid[i + 1] = valid[i]! + (inside ? 1 : 0)
    }
    for (let i = 0; i < nq; i++) {
      const a = Math.max(0, i - half)
      const b = Math.min(nq, i + half + 1)
      const n = valid[b]! - valid[a]!
      // A window mostly outside the reference says nothing.
      if (n < (b - a) / 2 || !(i + d >= 0 && i + d < nr)) continue
      const mean = (prefix[b]! - prefix[a]!) / n
      if (mean < best[i]!) {
        best[i] = mean
        bestOffset[i] = d
        own[i] = valid[i + 1]! > valid[i]! ? errors[i]! : mean
      }
    }
  }
  const gap = Math.round(opts.gapSeconds / query.step)
  const segments: Segment[] = []
  let start = -1
  let last = -1
  const close = () => {
    if (start < 0) return
    // Ends trimmed to frames that match on their own.
    while (start < last && own[start]! >= opts.threshold) start++
    while (last > start && own[last]! >= opts.threshold) last--
    const seconds = (last - start) * query.step + opts.span
    if (seconds >= opts.minSeconds) {
      let sum = 0
      let n = 0
      for (let i = start; i <= last; i++)
        if (best[i]! < opts.threshold) {
          sum += best[i]!
          n++
        }
      // The offset at each end: the median over the frames near it (one frame's best can stray).
      const near = Math.max(1, Math.min(8, Math.floor((last - start + 1) / 3)))
      const startOffset = median(bestOffset.subarray(start, start + near))
      const endOffset = median(bestOffset.subarray(last + 1 - near, last + 1))
      segments.push({
        videoStart: start * query.step + opts.lead,
        videoEnd: last * query.step + opts.span,
        referenceStart: Math.max(0, (start + startOffset) * reference.step + opts.lead),
        referenceEnd: (last + endOffset) * reference.step + opts.span,
        confidence: Math.max(0, Math.min(1, 1 - sum / n / 0.5)),
      })
    }
    start = -1
  }
  for (let i = 0; i < nq; i++) {
    if (best[i]! >= opts.threshold) continue
    if (start >= 0 && i - last - 1 > gap) close()
    if (start < 0) start = i
    last = i
  }
  close()
  return segments
}

/** Peaks of a candidate's votes (offset → votes): summed over ±drift, strongest first, apart by 2·drift. */
export function votePeaks(
  votes: Map<number, number>,
  drift: number,
  minVotes: number,
  max: number,
): number[] {
  const offsets = [...votes.keys()].sort((a, b) => a - b)
  const windowed: { offset: number; votes: number }[] = []
  for (const o of offsets) {
    let sum = 0
    for (const p of offsets) if (Math.abs(p - o) <= drift) sum += votes.get(p)!
    windowed.push({ offset: o, votes: sum })
  }
  windowed.sort((a, b) => b.votes - a.votes)
  const peaks: number[] = []
  for (const w of windowed) {
    if (w.votes < minVotes || peaks.length >= max) break
    if (peaks.every((p) => Math.abs(p - w.offset) > 2 * drift)) peaks.push(w.offset)
  }
  return peaks
}

/** Segments of several peaks as one list: overlapping ones (on the query) merged, by start. */
export function mergeSegments(all: Segment[]): Segment[] {
  const sorted = [...all].sort((a, b) => a.videoStart - b.videoStart)
  const out: Segment[] = []
  for (const s of sorted) {
    const prev = out.at(-1)
    if (prev && s.videoStart <= prev.videoEnd) {
      if (s.videoEnd > prev.videoEnd) {
        prev.videoEnd = s.videoEnd
        prev.referenceEnd = s.referenceEnd
      }
      prev.confidence = Math.max(prev.confidence, s.confidence)
    } else out.push({ ...s })
  }
  return out
}

function median(values: Int32Array): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/** Seconds by which two segments' offsets (reference − upload time) may differ and still be one alignment. */
const SAME_OFFSET = 1

/** A segment's evidence: its length × its confidence (a long, close alignment over a short one). */
export const score = (s: Segment) => (s.videoEnd - s.videoStart) * s.confidence

/**
 * Where segments at different offsets cover the same part of the upload (a reference whose
 * content repeats matches at each repeat), the one ranked first keeps it: the others lose the
 * part of the upload it covers (dropped where less than `minSeconds` is left); segments at the
 * same offset are merged as `mergeSegments` does. `rank` orders them, best first (default:
 * `score`, so the offset whose alignment runs longest and closest wins; equal scores: the longer).
 */
export function pickSegments(
  all: Segment[],
  minSeconds = 0,
  rank: (a: Segment, b: Segment) => number = (a, b) =>
    score(b) - score(a) || b.videoEnd - b.videoStart - (a.videoEnd - a.videoStart),
): Segment[] {
  const shift = (s: Segment) => s.referenceStart - s.videoStart
  const kept: Segment[] = []
  for (const s of [...all].sort(rank)) {
    let parts = [{ ...s }]
    for (const k of kept) {
      if (Math.abs(shift(k) - shift(s)) <= SAME_OFFSET) continue
      parts = parts.flatMap((p) => {
        if (p.videoEnd <= k.videoStart || p.videoStart >= k.videoEnd) return [p]
        const out: Segment[] = []
        if (p.videoStart < k.videoStart)
          out.push({
            ...p,
            videoEnd: k.videoStart,
            referenceEnd: p.referenceStart + k.videoStart - p.videoStart,
          })
        if (p.videoEnd > k.videoEnd)
          out.push({
            ...p,
            videoStart: k.videoEnd,
            referenceStart: p.referenceEnd - (p.videoEnd - k.videoEnd),
          })
        return out
      })
    }
    kept.push(...parts.filter((p) => p.videoEnd - p.videoStart >= minSeconds))
  }
  // Merged where they overlap at the same offset; apart at different ones.
  const out: Segment[] = []
  for (const s of kept.sort((a, b) => a.videoStart - b.videoStart)) {
    const prev = out.findLast((p) => Math.abs(shift(p) - shift(s)) <= SAME_OFFSET)
    if (prev && s.videoStart <= prev.videoEnd) {
      if (s.videoEnd > prev.videoEnd) {
        prev.videoEnd = s.videoEnd
        prev.referenceEnd = s.referenceEnd
      }
      prev.confidence = Math.max(prev.confidence, s.confidence)
    } else out.push(s)
  }
  return out
}
