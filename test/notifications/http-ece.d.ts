declare module 'http_ece' {
  import type { ECDH } from 'node:crypto'
  /** Decrypts an encrypted content-coding body (RFC 8188 / RFC 8291). */
  export function decrypt(
    body: Buffer,
    params: { version: 'aes128gcm' | 'aesgcm'; privateKey: ECDH; authSecret: string },
  ): Buffer
  const ece: { decrypt: typeof decrypt }
  export default ece
}
