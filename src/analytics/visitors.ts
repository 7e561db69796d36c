import { createHash, createHmac, randomBytes } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'

/**
 * Who a viewer is, as analytics keeps it: 64 bits of a hash, 16 hex digits. A signed-in user's is
 * a hash of their id (the same every day, so their unique counts hold across days). An anonymous
 * viewer's is an HMAC of their address and browser under that day's random salt: the same viewer
 * counts once a day, nothing raw is stored, and once the day's salt is deleted (the day after) no
 * one can tell whose address a hash stood for, nor link one day's viewer to the next day's.
 */
export class Visitors {
  private today: { day: string; salt: Buffer } | undefined

  constructor(private readonly db: Kysely<DB>) {}

  static ofUser(userId: string): string {
    return createHash('sha256').update(`user:${userId}`).digest('hex').slice(0, 16)
  }

  async anonymous(address: string, userAgent: string, now = new Date()): Promise<string> {
    const salt = await this.salt(now)
    return createHmac('sha256', salt).update(`${address}\n${userAgent}`).digest('hex').slice(0, 16)
  }

  /** The day's salt: made by the first node to need it, read by the others (cached for the day). */
  private async salt(now: Date): Promise<Buffer> {
    const day = now.toISOString().slice(0, 10)
    if (this.today?.day === day) return this.today.salt
    await this.db
      .insertInto('analyticsSalts')
      .values({ day: new Date(`${day}T00:00:00Z`), salt: randomBytes(32) })
      .onConflict((oc) => oc.column('day').doNothing())
      .execute()
    const row = await this.db
      .selectFrom('analyticsSalts')
      .select('salt')
      .where('day', '=', new Date(`${day}T00:00:00Z`))
      .executeTakeFirstOrThrow()
    this.today = { day, salt: row.salt }
    return row.salt
  }

  /** Deletes the salts of days before yesterday (yesterday's may still hash late requests). */
  static async forgetOldSalts(db: Kysely<DB>): Promise<void> {
    await db.deleteFrom('analyticsSalts').where('day', '<', sql<Date>`current_date - 1`).execute()
  }
}

/** A visitor hash as PostgreSQL's signed bigint. */
export function visitorBigint(hex: string): string {
  return BigInt.asIntN(64, BigInt(`0x${hex}`)).toString()
}

/** The kind of device a user agent names, coarse on purpose: a breakdown, not a fingerprint. */
export function deviceOf(userAgent: string): 'mobile' | 'tablet' | 'tv' | 'desktop' | 'other' {
  const ua = userAgent.toLowerCase()
  if (!ua) return 'other'
  if (/smart-?tv|hbbtv|appletv|roku|tizen|webos|android tv|crkey/.test(ua)) return 'tv'
  if (/ipad|tablet|kindle|silk|(android(?!.*mobile))/.test(ua)) return 'tablet'
  if (/mobi|iphone|ipod|android|windows phone/.test(ua)) return 'mobile'
  if (/windows|macintosh|x11|linux|cros/.test(ua)) return 'desktop'
  return 'other'
}
