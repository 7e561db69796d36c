import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { duration } from './encode-work.ts'
import { MediaRejected } from './encoders/encoder.ts'

const DAY_MS = 86_400_000

/** Where a user stands against the daily budget: work charged in the last 24 hours. */
export interface BudgetStanding {
  used: number
  daily: number
  /** When the user is at or past the budget: when enough of the day's charges will have aged out. */
  underAgainAt: Date | null
}

/**
 * Each user's daily encoding budget (VIDEO_DAILY_WORK, in seconds of 1080p30 as encode-work.ts
 * counts them), over a rolling 24 hours. A job is charged its work once its source is probed, and
 * only while its owner is under the budget: the job that crosses it is still encoded (so the most
 * one user's videos cost a day is the budget plus one video, VIDEO_MAX_WORK), every later one is
 * refused for good until charges age out. A retry of a job is not charged again. New uploads are
 * refused while the user is past the budget (they could not be encoded).
 */
export class EncodeBudget {
  constructor(
    private readonly db: Kysely<DB>,
    readonly daily: number,
  ) {}

  /**
   * Charges `work` to the job's owner, or throws MediaRejected (`encode_budget_exceeded`) when the
   * owner is already past the budget. Serialised per owner, so that two workers probing two of
   * their videos at once cannot both slip under it.
   */
  async charge(c: { jobId: string; ownerId: string; videoId: string; work: number }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`encode-budget:${c.ownerId}`}, 0))`.execute(
        trx,
      )
      const charged = await trx
        .selectFrom('encodeCharges')
        .select('jobId')
        .where('jobId', '=', c.jobId)
        .executeTakeFirst()
      if (charged) return
      const standing = await standingOf(trx, c.ownerId, this.daily)
      if (standing.underAgainAt) throw overBudget(standing, c.work)
      await trx
        .insertInto('encodeCharges')
        .values({ jobId: c.jobId, ownerId: c.ownerId, videoId: c.videoId, work: c.work })
        .execute()
    })
  }

  async standing(ownerId: string): Promise<BudgetStanding> {
    return standingOf(this.db, ownerId, this.daily)
  }
}

async function standingOf(db: Kysely<DB>, ownerId: string, daily: number): Promise<BudgetStanding> {
  const rows = await db
    .selectFrom('encodeCharges')
    .select(['work', 'chargedAt'])
    .where('ownerId', '=', ownerId)
    .where('chargedAt', '>', sql<Date>`now() - interval '1 day'`)
    .orderBy('chargedAt')
    .execute()
  const used = rows.reduce((sum, r) => sum + r.work, 0)
  if (used < daily) return { used, daily, underAgainAt: null }
  // Oldest first: the user is under again once the charges that keep them at the budget are a day old.
  let left = used
  for (const row of rows) {
    left -= row.work
    if (left < daily) return { used, daily, underAgainAt: new Date(row.chargedAt.getTime() + DAY_MS) }
  }
  return { used, daily, underAgainAt: new Date(Date.now() + DAY_MS) }
}

function overBudget(standing: BudgetStanding, work: number): MediaRejected {
  return new MediaRejected(
    `encode_budget_exceeded: your daily encoding budget of ${standing.daily} s of 1080p30 ` +
      `(${duration(standing.daily)}) is used up (${Math.ceil(standing.used)} in the last 24 hours); ` +
      `this video needs ${Math.ceil(work)}. Upload it again after ${standing.underAgainAt!.toISOString()}`,
  )
}
