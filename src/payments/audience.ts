import { t } from 'elysia'
import type { Kysely } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { fieldError } from '../platform/errors.ts'
import { isUuid } from '../platform/ids.ts'

export type Audience = 'public' | 'subscribers'

/** `audience` in the API (bodies and views of posts, videos and live streams). */
export const AudienceSchema = (description: string) =>
  t.Union([t.Literal('public'), t.Literal('subscribers')], { description })

/** `audienceTierId` in a body: a tier of the author's, that tier and above. */
export const AudienceTierField = t.Optional(
  t.Nullable(
    t.String({
      format: 'uuid',
      description: 'With subscribers: a tier of yours; that tier and above (another: 422)',
    }),
  ),
)

/**
 * Who may see a post, video or live stream, as its row stores it, from what its author asked when
 * writing it: everyone by default, or subscribers (of `tierId` and above, a tier of the author's;
 * another's, or none, is refused on `field`). Written with the row, in the statement that makes
 * it, so that content for members is never public for a moment. Posts, videos and live streams
 * ask it here (payments keeps the tiers); the audience of a row that exists changes through
 * `Entitlements.setAudience`.
 */
export async function audienceColumns(
  db: Kysely<DB>,
  owner: string,
  input: { audience?: Audience; tierId?: string | null },
  field: string,
): Promise<{ audience: Audience; audienceTierId: string | null }> {
  const audience = input.audience ?? 'public'
  const tierId = audience === 'subscribers' ? (input.tierId ?? null) : null
  if (tierId) {
    if (!isUuid(tierId)) throw fieldError(field, 'not a membership tier of yours')
    const tier = await db
      .selectFrom('membershipTiers')
      .select('id')
      .where('id', '=', tierId)
      .where('creatorId', '=', owner)
      .executeTakeFirst()
    if (!tier) throw fieldError(field, 'not a membership tier of yours')
  }
  return { audience, audienceTierId: tierId }
}

/** Something kept for subscribers, or not: whose, for whom, from which tier up. */
export interface Gated {
  creatorId: string
  audience: string
  tierId: string | null
}

/** For each item, whether `viewer` may see it in full (payments' `Entitlements.check`). */
export type EntitlementCheck = (viewer: string | null, items: Gated[]) => Promise<boolean[]>

/** What holds until payments says how to check subscriptions: what is for subscribers, its creator only. */
export const creatorsOnly: EntitlementCheck = async (viewer, items) =>
  items.map((i) => i.audience !== 'subscribers' || i.creatorId === viewer)
