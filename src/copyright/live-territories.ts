import { type Kysely, sql } from 'kysely'
import type { PlaybackGate } from '../live/streams.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError } from '../platform/errors.ts'
import { videoProblems } from '../videos/problems.ts'

/**
 * A live stream's claims applied per territory as a video's are (`blockedCountries`, from the
 * reference's policies when the claim was made): while the stream is live, a viewer whose country
 * (the edge's header) a standing claim blocks is refused (451 `region_blocked`); the streamer
 * never is, and an unknown country is not blocked. A reference blocked everywhere warns the
 * streamer and then cuts the stream (LiveScanner). The recording is a video, checked on its own.
 */
export function liveTerritoryGate(db: Kysely<DB>): PlaybackGate {
  return async (viewer, row, country) => {
    if (row.state !== 'live' || !country || viewer === row.ownerId) return
    const blocked = await db
      .selectFrom('copyrightClaims')
      .select('id')
      .where('streamId', '=', row.id)
      .where('state', '!=', 'released')
      .where('blockedCountries', '@>', sql<string[]>`array[${country.toUpperCase()}]::text[]`)
      .limit(1)
      .executeTakeFirst()
    if (blocked)
      throw new HttpError(videoProblems.regionBlocked, 'This stream is not available in your country')
  }
}
