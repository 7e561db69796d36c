import FFT from 'fft.js'

/**
 * Spectral-peak landmarks of audio (Wang 2003, Shazam's method): the peaks of a short-time
 * spectrum (local maxima over a neighbourhood of time and frequency, the strongest few a frame),
 * each paired with the next peaks in a zone after it; a pair is hashed as (f1, f2 − f1, t2 − t1)
 * and kept with the anchor's time. A copy keeps many of its pairs even under speech louder than
 * the music (a voice adds peaks of its own but takes away only the music's peaks it masks), where
 * Chromaprint's sub-fingerprints, summaries of the whole spectrum, lose nearly every bit. Matching
 * (matcher.ts) looks the query's hashes up in `copyright_landmark_index` and votes per
 * (reference, t_ref − t_query): a copy piles its votes on one offset, chance hits spread.
 */

/** Sample rate the audio is decoded at (mono): the band up to 4 kHz, where melodies and voices are. */
export const LANDMARK_RATE = 8000
/**
 * FFT size (128 ms at LANDMARK_RATE: 7.8 Hz bins) and hop (32 ms): one landmark frame every
 * LANDMARK_STEP s. Against 512 (15.6 Hz bins; landmark-probe, 4 references under speech): the
 * true offset's votes 51-76 (46-73), an unrelated track's best 5 (6), and the hashes twice as
 * specific (shorter postings in the index).
 */
export const FFT_SIZE = 1024
export const HOP = 256
export const LANDMARK_STEP = HOP / LANDMARK_RATE
/** Lowest frequency bin used (~94 Hz): below it hum and rumble. */
const MIN_BIN = 12
const BINS = FFT_SIZE / 2
/** A peak is the largest within ±PEAK_DT frames and ±PEAK_DF bins (±63 Hz). */
const PEAK_DT = 3
const PEAK_DF = 8
/** No peak weaker than FLOOR_DB under the loudest bin of the track. */
const FLOOR_DB = 50
/** Peaks kept: the strongest `perBlock` of each BLOCK frames. */
const BLOCK = 8
/** Target zone of an anchor: its next `fanOut` peaks 1..MAX_DT frames after it, within ±MAX_DF bins (±492 Hz). */
export const MAX_DT = 32
const MAX_DF = 63

/**
 * Densities: a reference keeps few peaks and pairs (the index stays small); a query keeps more
 * and pairs each with every peak of its zone, so that a reference's pair is among them even where
 * a voice put peaks of its own between the music's.
 */
export interface Density {
  perBlock: number
  fanOut: number
  /**
   * A hash found more often than this in one track is dropped from it: a melody repeating its
   * notes repeats its pairs, whose votes land on every offset but one (and lengthen the index's
   * postings); what is left of the track identifies it.
   */
  maxRepeats?: number
}
/**
 * Measured by bench/copyright/landmark-probe.ts (4 references, 30 s excerpts under speech, 20
 * unrelated tracks; first with a 512-point FFT and no repeat limit): reference 4 a block, 3
 * pairs (~33 hashes a second); query 6 and 6 (~290 a second clean, ~480 under speech): the true
 * offset gets 54-86 votes under speech, an unrelated track at most 12 at any offset; a query of 8
 * and 8 gets 72-107 but looks up ~800 a second, 6 and 5 gets 33-61. With the 1024-point FFT and
 * at most 2 repeats: ~29 a second for a reference, 51-76 votes under speech, unrelated at most 5
 * (8 against clean queries).
 */
export const REFERENCE: Density = { perBlock: 4, fanOut: 3, maxRepeats: 2 }
export const QUERY: Density = { perBlock: 6, fanOut: 6 }

export interface Landmarks {
  /** 22-bit hashes: f1 (9 bits), f2 − f1 + 64 (7 bits), t2 − t1 (6 bits). */
  hashes: Int32Array
  /** The anchor's frame (LANDMARK_STEP seconds each) of each hash. */
  times: Int32Array
}

export const noLandmarks = (): Landmarks => ({ hashes: new Int32Array(0), times: new Int32Array(0) })

/** Log power spectrogram: frames × BINS (dB), Hann windowed. */
export interface Spectrogram {
  db: Float32Array
  frames: number
}
export function spectrogram(pcm: Float32Array): Spectrogram {
  const frames = pcm.length < FFT_SIZE ? 0 : Math.floor((pcm.length - FFT_SIZE) / HOP) + 1
  const db = new Float32Array(frames * BINS)
  const fft = new FFT(FFT_SIZE)
  const input = new Array<number>(FFT_SIZE)
  const out = fft.createComplexArray() as number[]
  const hann = Float32Array.from(
    { length: FFT_SIZE },
    (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FFT_SIZE),
  )
  for (let t = 0; t < frames; t++) {
    const at = t * HOP
    for (let i = 0; i < FFT_SIZE; i++) input[i] = pcm[at + i]! * hann[i]!
    fft.realTransform(out, input)
    const row = t * BINS
    for (let k = 0; k < BINS; k++) {
      const re = out[2 * k]!
      const im = out[2 * k + 1]!
      db[row + k] = 10 * Math.log10(re * re + im * im + 1e-10)
    }
  }
  return { db, frames }
}

/** Sliding maximum over `radius` either side, along rows (stride 1, length n) or columns. */
function slidingMax(src: Float32Array, rows: number, cols: number, radius: number, alongRows: boolean) {
  const out = new Float32Array(src.length)
  const [outer, inner, step, lineStep] = alongRows ? [rows, cols, 1, cols] : [cols, rows, cols, 1]
  for (let o = 0; o < outer; o++) {
    const base = o * lineStep
    for (let i = 0; i < inner; i++) {
      let m = Number.NEGATIVE_INFINITY
      const a = Math.max(0, i - radius)
      const b = Math.min(inner - 1, i + radius)
      for (let j = a; j <= b; j++) {
        const v = src[base + j * step]!
        if (v > m) m = v
      }
      out[base + i * step] = m
    }
  }
  return out
}

/** A constellation: [frame, bin] of each peak, by frame. */
export interface Peaks {
  t: Int32Array
  f: Int32Array
}

/**
 * Peaks an upload keeps for checking a landmark match's extent (matcher.ts, `extent`): the
 * strongest 16 of each BLOCK frames, where a voice over the music leaves many of the music's own
 * among its. Measured by bench/copyright/extent-probe.ts (12 excerpts of 10-12 s under speech
 * after a 5 s lead-in, 2 s windows): the share of a reference's peaks found (±1 frame, ±1 bin) in
 * the copy is p5 0.35, median 0.50 (the voted span covering ~7 s of it); in the lead-in before it
 * at the same offset at most 0.16; an unrelated track under speech at any of 6 offsets against
 * the 12 references median 0.04, p95 0.14, max 0.35 (15,768 windows).
 */
export const DENSE_PEAKS = 16

/** The constellation of `pcm` (or of its spectrogram), by frame. */
export function peaks(pcm: Float32Array | Spectrogram, perBlock: number): Peaks {
  const { db, frames } = pcm instanceof Float32Array ? spectrogram(pcm) : pcm
  if (!frames) return { t: new Int32Array(0), f: new Int32Array(0) }
  const around = slidingMax(slidingMax(db, frames, BINS, PEAK_DF, true), frames, BINS, PEAK_DT, false)
  let loudest = Number.NEGATIVE_INFINITY
  for (let i = 0; i < db.length; i++) if (db[i]! > loudest) loudest = db[i]!
  const floor = loudest - FLOOR_DB
  const ts: number[] = []
  const fs: number[] = []
  const block: { t: number; f: number; v: number }[] = []
  for (let start = 0; start < frames; start += BLOCK) {
    block.length = 0
    for (let t = start; t < Math.min(frames, start + BLOCK); t++) {
      const row = t * BINS
      for (let k = MIN_BIN; k < BINS; k++) {
        const v = db[row + k]!
        if (v >= floor && v === around[row + k]) block.push({ t, f: k, v })
      }
    }
    const kept = block.sort((a, b) => b.v - a.v).slice(0, perBlock)
    kept.sort((a, b) => a.t - b.t || a.f - b.f)
    for (const p of kept) {
      ts.push(p.t)
      fs.push(p.f)
    }
  }
  return { t: Int32Array.from(ts), f: Int32Array.from(fs) }
}

/** The two peaks ([frame, bin] each) of the pair hashed `hash` with its anchor at frame `t`. */
export function pairPeaks(hash: number, t: number): [number, number, number, number] {
  const f1 = hash >>> 13
  return [t, f1, t + (hash & 63), f1 + ((hash >>> 6) & 127) - MAX_DF - 1]
}

/** The hashed pairs of the constellation of `pcm` (mono, LANDMARK_RATE, or its spectrogram). */
export function landmarks(pcm: Float32Array | Spectrogram, density: Density): Landmarks {
  const { t, f } = peaks(pcm, density.perBlock)
  const FAN_OUT = density.fanOut
  const hashes: number[] = []
  const times: number[] = []
  for (let i = 0; i < t.length; i++) {
    let paired = 0
    for (let j = i + 1; j < t.length && paired < FAN_OUT; j++) {
      const dt = t[j]! - t[i]!
      if (dt < 1) continue
      if (dt > MAX_DT) break
      const df = f[j]! - f[i]!
      if (df < -MAX_DF || df > MAX_DF) continue
      hashes.push((f[i]! << 13) | ((df + MAX_DF + 1) << 6) | dt)
      times.push(t[i]!)
      paired++
    }
  }
  if (density.maxRepeats) {
    const count = new Map<number, number>()
    for (const h of hashes) count.set(h, (count.get(h) ?? 0) + 1)
    const keep = hashes.map((h) => count.get(h)! <= density.maxRepeats!)
    return {
      hashes: Int32Array.from(hashes.filter((_, i) => keep[i])),
      times: Int32Array.from(times.filter((_, i) => keep[i])),
    }
  }
  return { hashes: Int32Array.from(hashes), times: Int32Array.from(times) }
}
