/**
 * The 64-bit perceptual hash of a frame (pHash, as the `imagehash` library computes it): the
 * picture inside the letterbox, resampled to 32×32 grey, its 8×8 lowest DCT frequencies, each bit
 * set when the coefficient is above their median. Robust to re-encoding, scaling, brightness and
 * small overlays; a 64-bit word is what the band index (4 × 16 bits) needs. Chosen over a 256-bit
 * blockhash for its size (8 bytes a frame) and because blockhash, working on block means, moves
 * more with brightness and logos (bench/copyright measures the recall of the transformations).
 */

export interface Box {
  x0: number
  y0: number
  x1: number
  y1: number
}

const N = 32
const K = 8
/** Rows or columns darker than this in every frame are letterbox. */
const DARK = 28

const COS: Float64Array = (() => {
  const t = new Float64Array(K * N)
  for (let u = 0; u < K; u++)
    for (let x = 0; x < N; x++) t[u * N + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N))
  return t
})()

/**
 * The picture's box inside black bars, over the whole video (bars are where every frame is dark),
 * so a dark scene is not mistaken for a bar; the whole frame when the box would be too small.
 */
export function letterbox(frames: Uint8Array[], side: number): Box {
  const rowMax = new Float64Array(side)
  const colMax = new Float64Array(side)
  for (const f of frames) {
    for (let y = 0; y < side; y++) {
      let sum = 0
      for (let x = 0; x < side; x++) sum += f[y * side + x]!
      rowMax[y] = Math.max(rowMax[y]!, sum / side)
    }
    for (let x = 0; x < side; x++) {
      let sum = 0
      for (let y = 0; y < side; y++) sum += f[y * side + x]!
      colMax[x] = Math.max(colMax[x]!, sum / side)
    }
  }
  const first = (a: Float64Array) => a.findIndex((v) => v > DARK)
  const last = (a: Float64Array) => side - 1 - [...a].reverse().findIndex((v) => v > DARK)
  const y0 = first(rowMax)
  const x0 = first(colMax)
  if (y0 < 0 || x0 < 0) return { x0: 0, y0: 0, x1: side, y1: side }
  const box = { x0, y0, x1: last(colMax) + 1, y1: last(rowMax) + 1 }
  if (box.x1 - box.x0 < side / 3 || box.y1 - box.y0 < side / 3) return { x0: 0, y0: 0, x1: side, y1: side }
  return box
}

/** The central `fraction` of a box (each side kept in proportion). */
export function inner(box: Box, fraction: number): Box {
  const mx = ((box.x1 - box.x0) * (1 - fraction)) / 2
  const my = ((box.y1 - box.y0) * (1 - fraction)) / 2
  return {
    x0: Math.round(box.x0 + mx),
    y0: Math.round(box.y0 + my),
    x1: Math.round(box.x1 - mx),
    y1: Math.round(box.y1 - my),
  }
}

/** The box resampled to 32×32 (area average over the source pixels each target pixel covers). */
function resample(frame: Uint8Array, side: number, box: Box): Float64Array {
  const out = new Float64Array(N * N)
  const w = box.x1 - box.x0
  const h = box.y1 - box.y0
  for (let ty = 0; ty < N; ty++) {
    const sy0 = box.y0 + Math.floor((ty * h) / N)
    const sy1 = Math.max(sy0 + 1, box.y0 + Math.floor(((ty + 1) * h) / N))
    for (let tx = 0; tx < N; tx++) {
      const sx0 = box.x0 + Math.floor((tx * w) / N)
      const sx1 = Math.max(sx0 + 1, box.x0 + Math.floor(((tx + 1) * w) / N))
      let sum = 0
      for (let y = sy0; y < sy1; y++) for (let x = sx0; x < sx1; x++) sum += frame[y * side + x]!
      out[ty * N + tx] = sum / ((sy1 - sy0) * (sx1 - sx0))
    }
  }
  return out
}

/** Standard deviation (of 255) under which a frame is flat: its hash would be noise. */
const FLAT = 4

/**
 * The frame's hash, or 0 for a flat frame (one colour: a fade, a blank screen), which says nothing
 * and is neither indexed nor compared.
 */
export function framePhash(frame: Uint8Array, side: number, box: Box): bigint {
  const px = resample(frame, side, box)
  let mean = 0
  for (const v of px) mean += v
  mean /= px.length
  let variance = 0
  for (const v of px) variance += (v - mean) ** 2
  if (Math.sqrt(variance / px.length) < FLAT) return 0n
  // Separable DCT-II, only the K lowest frequencies of each axis.
  const rows = new Float64Array(N * K)
  for (let y = 0; y < N; y++)
    for (let u = 0; u < K; u++) {
      let s = 0
      for (let x = 0; x < N; x++) s += px[y * N + x]! * COS[u * N + x]!
      rows[y * K + u] = s
    }
  const coef = new Float64Array(K * K)
  for (let v = 0; v < K; v++)
    for (let u = 0; u < K; u++) {
      let s = 0
      for (let y = 0; y < N; y++) s += rows[y * K + u]! * COS[v * N + y]!
      coef[v * K + u] = s
    }
  const sorted = [...coef].sort((a, b) => a - b)
  const median = (sorted[31]! + sorted[32]!) / 2
  let hash = 0n
  for (let i = 0; i < 64; i++) if (coef[i]! > median) hash |= 1n << BigInt(i)
  return BigInt.asIntN(64, hash)
}

/** Bits that differ between two 64-bit hashes. */
export function hamming64(a: bigint, b: bigint): number {
  let x = BigInt.asUintN(64, a ^ b)
  const lo = Number(x & 0xffffffffn)
  x >>= 32n
  return popcount32(lo) + popcount32(Number(x))
}

export function popcount32(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555)
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  x = (x + (x >>> 4)) & 0x0f0f0f0f
  return Math.imul(x, 0x01010101) >>> 24
}

/** The 4 bands of 16 bits of a hash (the multi-index keys). */
export function bands(hash: bigint): [number, number, number, number] {
  const u = BigInt.asUintN(64, hash)
  return [
    Number(u & 0xffffn),
    Number((u >> 16n) & 0xffffn),
    Number((u >> 32n) & 0xffffn),
    Number((u >> 48n) & 0xffffn),
  ]
}
