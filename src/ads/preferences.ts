import type { Kysely } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { fieldError } from '../platform/errors.ts'
import { isTimeZone } from './targeting.ts'

export interface AdPreferences {
  optedOut: boolean
  timeZone: string | null
}

/** What a signed-in viewer says about ads: opting out (where the law gives it), their time zone. */
export class Preferences {
  constructor(private readonly db: Kysely<DB>) {}

  async get(userId: string): Promise<AdPreferences> {
    const row = await this.db
      .selectFrom('adViewerSettings')
      .select(['optedOut', 'timeZone'])
      .where('userId', '=', userId)
      .executeTakeFirst()
    return { optedOut: row?.optedOut ?? false, timeZone: row?.timeZone ?? null }
  }

  async set(userId: string, input: Partial<AdPreferences>): Promise<AdPreferences> {
    if (input.timeZone && !isTimeZone(input.timeZone))
      throw fieldError('body.timeZone', 'an IANA time zone, such as Europe/Paris')
    const values = { optedOut: input.optedOut, timeZone: input.timeZone, updatedAt: new Date() }
    const row = await this.db
      .insertInto('adViewerSettings')
      .values({ userId, optedOut: input.optedOut ?? false, timeZone: input.timeZone ?? null })
      .onConflict((oc) => oc.column('userId').doUpdateSet(values))
      .returning(['optedOut', 'timeZone'])
      .executeTakeFirstOrThrow()
    return row
  }
}
