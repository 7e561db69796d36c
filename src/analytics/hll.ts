/**
 * HyperLogLog (Flajolet et al. 2007) over 64-bit hashes, 2^12 registers: unique counts with a
 * standard error of about 1.6%, in at most 4 KiB, that merge (register-wise max) across hours and
 * days. Small sketches stay sparse (3 bytes a used register), so the many entities with a handful
 * of viewers an hour cost a few bytes each. Serialised form (what `analytics_sketches` holds):
 * byte 0 the format (1 sparse, 2 dense), byte 1 the precision, then either sorted
 * (u16 register, u8 rank) entries or the 4096 registers.
 */
const P = 12
const M = 1 << P
const SPARSE = 1
const DENSE = 2
/** Past this many used registers the dense form is the smaller one. */
const SPARSE_MAX = Math.floor(M / 3)

export class Hll {
  private sparse: Map<number, number> | undefined = new Map()
  private dense: Uint8Array | undefined

  /** Adds a hash given as its high and low 32 bits (unsigned). */
  add(hi: number, lo: number): void {
    const index = hi >>> (32 - P)
    const rest = hi & ((1 << (32 - P)) - 1)
    const rank = rest !== 0 ? Math.clz32(rest) - P + 1 : lo !== 0 ? 32 - P + Math.clz32(lo) + 1 : 64 - P + 1
    this.set(index, rank)
  }

  merge(other: Hll): void {
    if (other.dense) for (let i = 0; i < M; i++) this.set(i, other.dense[i]!)
    else for (const [i, r] of other.sparse!) this.set(i, r)
  }

  private set(index: number, rank: number): void {
    if (rank === 0) return
    if (this.dense) {
      if (rank > this.dense[index]!) this.dense[index] = rank
      return
    }
    const sparse = this.sparse!
    if ((sparse.get(index) ?? 0) >= rank) return
    sparse.set(index, rank)
    if (sparse.size > SPARSE_MAX) {
      this.dense = new Uint8Array(M)
      for (const [i, r] of sparse) this.dense[i] = r
      this.sparse = undefined
    }
  }

  /** The estimated number of distinct hashes added. */
  count(): number {
    let sum = 0
    let zeros = 0
    if (this.dense) {
      for (let i = 0; i < M; i++) {
        const r = this.dense[i]!
        sum += 2 ** -r
        if (r === 0) zeros++
      }
    } else {
      const sparse = this.sparse!
      zeros = M - sparse.size
      sum = zeros
      for (const r of sparse.values()) sum += 2 ** -r
    }
    const alpha = 0.7213 / (1 + 1.079 / M)
    const estimate = (alpha * M * M) / sum
    // Linear counting is the better estimate while many registers are empty.
    if (estimate <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros))
    return Math.round(estimate)
  }

  toBytes(): Uint8Array {
    if (this.dense) {
      const out = new Uint8Array(2 + M)
      out[0] = DENSE
      out[1] = P
      out.set(this.dense, 2)
      return out
    }
    const entries = [...this.sparse!].sort((a, b) => a[0] - b[0])
    const out = new Uint8Array(2 + entries.length * 3)
    out[0] = SPARSE
    out[1] = P
    entries.forEach(([i, r], k) => {
      out[2 + k * 3] = i >>> 8
      out[3 + k * 3] = i & 0xff
      out[4 + k * 3] = r
    })
    return out
  }

  static fromBytes(bytes: Uint8Array): Hll {
    const hll = new Hll()
    if (bytes.length < 2 || bytes[1] !== P) throw new Error('not a sketch of this precision')
    if (bytes[0] === DENSE) {
      if (bytes.length !== 2 + M) throw new Error('truncated sketch')
      hll.sparse = undefined
      hll.dense = Uint8Array.from(bytes.subarray(2))
    } else if (bytes[0] === SPARSE) {
      for (let k = 2; k + 2 < bytes.length; k += 3) hll.set((bytes[k]! << 8) | bytes[k + 1]!, bytes[k + 2]!)
    } else throw new Error('unknown sketch format')
    return hll
  }
}

/** A visitor hash (16 hex digits) as the halves `Hll.add` takes. */
export function hashHalves(hex: string): [number, number] {
  return [Number.parseInt(hex.slice(0, 8), 16), Number.parseInt(hex.slice(8, 16), 16)]
}
