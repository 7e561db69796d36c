import { describe, expect, test } from 'bun:test'
import { createHash } from 'node:crypto'
import { Hll, hashHalves } from '../../src/analytics/hll.ts'
import { Visitors } from '../../src/analytics/visitors.ts'

const hashOf = (i: number) => hashHalves(createHash('sha256').update(`v${i}`).digest('hex').slice(0, 16))

function sketch(from: number, to: number): Hll {
  const h = new Hll()
  for (let i = from; i < to; i++) h.add(...hashOf(i))
  return h
}

describe('HyperLogLog', () => {
  test('counts small sets exactly enough and large ones within 5%', () => {
    expect(new Hll().count()).toBe(0)
    expect(sketch(0, 1).count()).toBe(1)
    expect(sketch(0, 100).count()).toBeWithin(97, 104)
    for (const n of [1000, 10_000, 100_000]) {
      const estimate = sketch(0, n).count()
      expect(Math.abs(estimate - n) / n).toBeLessThan(0.05)
    }
  })

  test('sketches merge into the count of the union, through their bytes, sparse or dense', () => {
    const hours = [sketch(0, 600), sketch(300, 900), sketch(800, 5000)]
    const day = new Hll()
    for (const h of hours) day.merge(Hll.fromBytes(h.toBytes()))
    expect(Math.abs(day.count() - 5000) / 5000).toBeLessThan(0.05)
    // A small sketch is stored sparse (3 bytes a register), a large one as its 4096 registers.
    expect(sketch(0, 10).toBytes().length).toBe(2 + 30)
    expect(sketch(0, 5000).toBytes().length).toBe(2 + 4096)
    // Adding the same visitors again changes nothing.
    const again = Hll.fromBytes(day.toBytes())
    again.merge(hours[0]!)
    expect(again.count()).toBe(day.count())
  })

  test('refuses bytes that are not a sketch', () => {
    expect(() => Hll.fromBytes(new Uint8Array([9, 12]))).toThrow()
    expect(() => Hll.fromBytes(new Uint8Array([2, 12, 1]))).toThrow()
    expect(() => Hll.fromBytes(new Uint8Array([1, 14]))).toThrow()
  })

  test("a user's visitor hash is stable and says nothing of the id", () => {
    const id = crypto.randomUUID()
    expect(Visitors.ofUser(id)).toBe(Visitors.ofUser(id))
    expect(Visitors.ofUser(id)).toMatch(/^[0-9a-f]{16}$/)
    expect(Visitors.ofUser(id)).not.toBe(Visitors.ofUser(crypto.randomUUID()))
  })
})
