import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Stream keys: `sk_<last 16 hex digits of the stream id (its random part)>_<32 random base64url chars>`. The key is
 * shown once; the table keeps its SHA-256 and its prefix (up to the last `_`), by which the ingest
 * finds the stream before comparing hashes in constant time. The random part carries 192 bits.
 */
export function newStreamKey(streamId: string): { streamKey: string; keyPrefix: string } {
  const keyPrefix = `sk_${streamId.replaceAll('-', '').slice(-16)}`
  return { streamKey: `${keyPrefix}_${randomBytes(24).toString('base64url')}`, keyPrefix }
}

/** The prefix a key is looked up by, or undefined when it is not shaped like a key of ours. */
export function keyPrefixOf(streamKey: string): string | undefined {
  const m = /^(sk_[0-9a-f]{16})_[A-Za-z0-9_-]{32}$/.exec(streamKey)
  return m?.[1]
}

export function hashKey(streamKey: string): Buffer {
  return createHash('sha256').update(streamKey).digest()
}

/** Whether `streamKey` is the key whose hash is `stored` (constant time). */
export function keyMatches(streamKey: string, stored: Uint8Array): boolean {
  const given = hashKey(streamKey)
  return given.length === stored.length && timingSafeEqual(given, stored)
}
