import { randomFillSync } from 'node:crypto'

/** Time-ordered identifiers (UUIDv7): they sort by creation time, which keeps B-tree inserts local. */
export const newId: () => string = typeof Bun === 'undefined' ? uuidV7 : () => Bun.randomUUIDv7()

const random = new Uint8Array(10)
let lastMs = 0
let counter = 0

/**
 * UUIDv7 where Bun's is not (a gateway on Node): the time in milliseconds, then a 12-bit counter
 * (RFC 9562 method 1) so that ids made in the same millisecond still sort in order, then 62
 * random bits.
 */
function uuidV7(): string {
  let ms = Date.now()
  if (ms > lastMs) {
    lastMs = ms
    counter = 0
  } else if (++counter > 0xfff) {
    lastMs++
    counter = 0
  }
  ms = lastMs
  randomFillSync(random)
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')
  const rand = Array.from(random.subarray(2), (b) => hex(b, 2)).join('')
  return (
    `${hex(Math.floor(ms / 0x10000), 8)}-${hex(ms % 0x10000, 4)}-${hex(0x7000 | counter, 4)}-` +
    `${hex(0x8000 | ((random[0]! & 0x3f) << 8) | random[1]!, 4)}-${rand}`
  )
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string): boolean {
  return UUID.test(value)
}
