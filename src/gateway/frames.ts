import { decode as msgpackDecode } from '@msgpack/msgpack'

/** How a connection's frames are written: JSON text (default) or MessagePack binary, chosen at connect. */
export type Encoding = 'json' | 'msgpack'

export type Frame = { op: string; ref?: unknown } & Record<string, unknown>

/** The transport's topic of a channel per encoding, so that a frame is serialised once per encoding. */
export const topicOf = (encoding: Encoding, channel: string) =>
  `${encoding === 'json' ? 'j' : 'm'}:${channel}`

/** A client frame: a JSON text object, or a MessagePack map in a binary frame, with a string `op`. */
export function parseFrame(data: string | Uint8Array): Frame | undefined {
  try {
    const value = typeof data === 'string' ? JSON.parse(data) : msgpackDecode(data)
    return value && typeof value === 'object' && !Array.isArray(value) && typeof value.op === 'string'
      ? (value as Frame)
      : undefined
  } catch {
    return undefined
  }
}

/** The `ref` of a client frame, to be echoed in the reply (none when the frame had none). */
export function ref(frame: Frame): { ref?: unknown } {
  return frame.ref !== undefined ? { ref: frame.ref } : {}
}
