import { describe, expect, test } from 'bun:test'
import { roomFrameSeq } from '../../src/platform/bus/rooms.ts'

describe("a room frame's seq", () => {
  test('is read from the head of a frame as Rooms writes it, whatever its data holds', () => {
    const frame = (data: unknown) =>
      JSON.stringify({ op: 'event', channel: 'dm:abc', seq: 42, epoch: 'e', type: 'message', data })
    expect(roomFrameSeq(frame({ text: '"seq":7, {"op":"event"' }))).toBe(42)
    expect(roomFrameSeq(JSON.stringify({ op: 'event', channel: 'dm:abc', seq: 9007199254740991 }))).toBe(
      9007199254740991,
    )
  })

  test('is parsed from a frame written in another order, and is undefined when it has none', () => {
    expect(roomFrameSeq(JSON.stringify({ seq: 3, op: 'event', channel: 'dm:abc' }))).toBe(3)
    expect(
      roomFrameSeq(JSON.stringify({ op: 'event', channel: 'dm:abc', type: 'x', data: { seq: 5 } })),
    ).toBe(undefined)
    expect(roomFrameSeq(JSON.stringify({ op: 'event', channel: 'dm:abc', seq: '5' }))).toBe(undefined)
    expect(roomFrameSeq('{"op":"event","channel":"dm:abc","seq":1.5,"type":"x"}')).toBe(1.5)
  })
})
