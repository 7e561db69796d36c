import { createHash, randomBytes } from 'node:crypto'

/** An opaque token for a client to hold (refresh tokens, mail links): 256 random bits. */
export function opaqueToken(): string {
  return randomBytes(32).toString('base64url')
}

/** What the database keeps of an opaque token: its SHA-256, never the token. */
export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest()
}
