import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { opaqueToken, tokenHash } from './secrets.ts'
import type { ClientMeta } from './sessions.ts'

type Db = Kysely<DB> | Transaction<DB>

const DAY_MS = 86_400_000

/**
 * Clients that signed in to an account before (OWASP's "device cookies"): failed attempts from
 * strangers pause sign-in to an account name, but not for these, which keep a budget of failures
 * of their own. A client is known by the device token it was handed at an earlier sign-in (256
 * random bits, kept hashed: it cannot be guessed), or, when `trustAddresses` is on, by a client
 * address one of the account's sessions was opened from (weaker: people behind one NAT share it).
 */
export interface KnownClientPolicy {
  /** How long after its last sign-in a device or address stays known; 0 trusts none. */
  days: number
  trustAddresses: boolean
}

/** Which known client this is (a key for its own failure budget), or undefined for a stranger. */
export async function knownClient(
  db: Db,
  userId: string | undefined,
  meta: ClientMeta,
  policy: KnownClientPolicy,
): Promise<string | undefined> {
  if (!userId || policy.days === 0) return undefined
  const since = new Date(Date.now() - policy.days * DAY_MS)
  if (meta.deviceToken) {
    const hash = tokenHash(meta.deviceToken)
    const device = await db
      .selectFrom('loginDevices')
      .select('tokenHash')
      .where('tokenHash', '=', hash)
      .where('userId', '=', userId)
      .where('lastUsedAt', '>', since)
      .executeTakeFirst()
    if (device) return `device.${hash.toString('hex')}`
  }
  if (policy.trustAddresses && meta.ip) {
    const session = await db
      .selectFrom('sessions')
      .select('id')
      .where('userId', '=', userId)
      .where('ip', '=', meta.ip)
      .where('createdAt', '>', since)
      .limit(1)
      .executeTakeFirst()
    if (session) return `address.${meta.ip}`
  }
  return undefined
}

/**
 * Records a sign-in of `meta`'s client and returns the device token it should present next time:
 * the one it presented if that is still the account's, else a new one.
 */
export async function rememberDevice(
  trx: Transaction<DB>,
  userId: string,
  meta: ClientMeta,
  days: number,
): Promise<string> {
  const now = new Date()
  if (meta.deviceToken) {
    const kept = await trx
      .updateTable('loginDevices')
      .set({ lastUsedAt: now })
      .where('tokenHash', '=', tokenHash(meta.deviceToken))
      .where('userId', '=', userId)
      .returning('tokenHash')
      .executeTakeFirst()
    if (kept) return meta.deviceToken
  }
  // Devices gone quiet for longer than they are trusted are of no more use.
  await trx
    .deleteFrom('loginDevices')
    .where('userId', '=', userId)
    .where('lastUsedAt', '<', new Date(now.getTime() - Math.max(days, 1) * DAY_MS))
    .execute()
  const token = opaqueToken()
  await trx
    .insertInto('loginDevices')
    .values({ tokenHash: tokenHash(token), userId })
    .execute()
  return token
}
