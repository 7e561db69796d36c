import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import type { Database } from '../platform/db/connect.ts'
import { newId } from '../platform/ids.ts'

const CREATE_LOCK_KEY = 7_301_946_101
const RELOAD_AT_MOST_EVERY_MS = 1000

interface SigningKey {
  kid: string
  key: CryptoKey
  createdAt: number
}

/**
 * The HMAC keys that sign access tokens, shared by every node through PostgreSQL. The newest key
 * signs; a new one is made when it is older than the rotation period; older keys keep verifying
 * until the last token they signed has expired, then they are deleted. A token whose key id is
 * unknown makes the ring reload (at most once a second), so a key made by another node is
 * picked up at once.
 */
export class KeyRing {
  private keys = new Map<string, SigningKey>()
  private newest: SigningKey | undefined
  private loadedAt = 0
  private loading: Promise<void> | undefined

  constructor(
    private readonly db: Database,
    private readonly rotationMs: number,
    private readonly accessTtlMs: number,
  ) {}

  async signingKey(): Promise<SigningKey> {
    if (!this.newest || Date.now() - this.newest.createdAt > this.rotationMs) await this.load()
    return this.newest!
  }

  knownKey(kid: string): CryptoKey | undefined {
    return this.keys.get(kid)?.key
  }

  async verificationKey(kid: string): Promise<CryptoKey | undefined> {
    const known = this.keys.get(kid)
    if (known) return known.key
    // Unknown key ids (new ones from another node, or made up) reload at most once a second:
    // a caller that comes too soon waits for the next allowed reload, and all share one.
    const wait = this.loadedAt + RELOAD_AT_MOST_EVERY_MS - Date.now()
    if (!this.loading && wait > 0) await sleep(wait)
    await this.load()
    return this.keys.get(kid)?.key
  }

  /** Reads the keys, making a new one when none is young enough, and drops retired ones. */
  load(): Promise<void> {
    if (!this.loading) {
      this.loadedAt = Date.now()
      this.loading = this.reload().finally(() => {
        this.loading = undefined
      })
    }
    return this.loading
  }

  private async reload(): Promise<void> {
    let rows = await this.rows()
    if (rows.length === 0 || Date.now() - rows[0]!.createdAt.getTime() > this.rotationMs) {
      await this.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${CREATE_LOCK_KEY})`.execute(trx)
        const [latest] = await trx
          .selectFrom('signingKeys')
          .select('createdAt')
          .orderBy('createdAt', 'desc')
          .limit(1)
          .execute()
        if (latest && Date.now() - latest.createdAt.getTime() <= this.rotationMs) return
        await trx
          .insertInto('signingKeys')
          .values({ kid: newId(), secret: randomBytes(32) })
          .execute()
        // A key is retired once its successor has signed for longer than any token lives.
        await trx
          .deleteFrom('signingKeys')
          .where('createdAt', '<', new Date(Date.now() - this.rotationMs - 2 * this.accessTtlMs))
          .execute()
      })
      rows = await this.rows()
    }
    const keys = new Map<string, SigningKey>()
    for (const row of rows) {
      const key = await crypto.subtle.importKey(
        'raw',
        new Uint8Array(row.secret),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign', 'verify'],
      )
      keys.set(row.kid, { kid: row.kid, key, createdAt: row.createdAt.getTime() })
    }
    this.keys = keys
    this.newest = keys.get(rows[0]!.kid)
  }

  private rows() {
    return this.db.selectFrom('signingKeys').selectAll().orderBy('createdAt', 'desc').execute()
  }
}
