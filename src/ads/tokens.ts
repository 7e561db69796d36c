import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { HttpError } from '../platform/errors.ts'
import { adsProblems } from './problems.ts'

/** What a serving's token vouches for: the tracking endpoint believes only this. */
export interface ServingClaims {
  /** The serving's id: an event of each kind is counted once per serving. */
  s: string
  /** Campaign and creative. */
  c: string
  r: string
  /** Viewer key (frequency, invalid traffic) and country (reports). */
  v: string
  g: string | null
  /** Billing: `cpc` (a click is charged `p` milli) or `cpm` (a viewable impression is, from lease `l`). */
  b: 'cpm' | 'cpc'
  p: number
  l?: string | null
  /** The campaign's frequency cap (per viewer and day): no impression billed past it. */
  f?: number | null
  /** The creator whose video carried the ad (a pre-roll), for the revenue share, and that video. */
  u: string | null
  w?: string | null
  /** Where it was shown: quartiles and skips are for pre-rolls only. */
  k: 'feed' | 'preroll'
  /** Expiry, seconds since the epoch. */
  e: number
}

/** The key: ADS_TOKEN_KEY, or the one generated in the database by the migration. */
export async function servingKey(db: Kysely<DB>, configured: string | undefined): Promise<Uint8Array> {
  if (configured) return new TextEncoder().encode(configured)
  const row = await db.selectFrom('adKeys').select('secret').where('id', '=', 1).executeTakeFirstOrThrow()
  return new Uint8Array(row.secret)
}

/**
 * Tokens of servings (HMAC-SHA-256 over the claims, base64url): a client cannot make one up, alter
 * the price or the campaign in one, or use one past its expiry. Replays are refused by the events
 * table (one event of a kind per serving), not here.
 */
export class ServingTokens {
  constructor(private readonly key: Uint8Array) {}

  sign(claims: ServingClaims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url')
    return `${body}.${this.mac(body)}`
  }

  verify(token: string, nowMs = Date.now()): ServingClaims {
    const [body, mac, extra] = token.split('.')
    if (!body || !mac || extra !== undefined) throw new HttpError(adsProblems.tokenInvalid)
    const expected = Buffer.from(this.mac(body))
    const given = Buffer.from(mac)
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new HttpError(adsProblems.tokenInvalid)
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as ServingClaims
    if (!(claims.e * 1000 > nowMs))
      throw new HttpError(adsProblems.tokenInvalid, 'The serving token has expired')
    return claims
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url')
  }
}
