import {
  type Expression,
  expressionBuilder,
  type Kysely,
  type RawBuilder,
  sql,
  type Transaction,
} from 'kysely'
import { prepared } from '../platform/db/prepared.ts'
import type { DB } from '../platform/db/schema.ts'

/** Query functions of the social graph; `db` may be a transaction. */
type Db = Kysely<DB> | Transaction<DB>

/**
 * Who reads, in a query: an id, or an SQL expression giving one on each row (`sql.ref('v.viewer')`
 * over a list of viewers: one query answering for each of many, as a notice to many followers).
 */
export type ViewerRef = string | RawBuilder<unknown>

export const PROFILE_COLUMNS = [
  'users.id',
  'users.username',
  'users.displayName',
  'users.bio',
  'users.links',
  'users.isPrivate',
  'users.mentionPolicy',
  'users.messagePolicy',
  'users.screenMessages',
  'users.presenceVisibility',
  'users.birthDate',
  'users.timeZone',
  'users.locale',
  'users.status',
  'users.createdAt',
  'users.avatarMediaId',
  'users.bannerMediaId',
] as const

const byUsername = prepared((db: Db, lowered: string) =>
  db
    .selectFrom('users')
    .innerJoin('userCounts', 'userCounts.userId', 'users.id')
    .select([...PROFILE_COLUMNS, 'userCounts.followers', 'userCounts.following', 'userCounts.posts'])
    .where((eb) => eb(eb.fn('lower', ['users.username']), '=', lowered))
    .where('users.status', '!=', 'banned'),
)

/** A profile by its name (any case), not banned. Compiled once (prepared): every profile read. */
export async function profileByUsername(db: Db, username: string) {
  return (await byUsername(db, username.toLowerCase()))[0]
}

const byId = prepared((db: Db, id: string) =>
  db
    .selectFrom('users')
    .innerJoin('userCounts', 'userCounts.userId', 'users.id')
    .select([...PROFILE_COLUMNS, 'userCounts.followers', 'userCounts.following', 'userCounts.posts'])
    .where('users.id', '=', id),
)

/** The same profile by the account's id (the signed-in account's own, banned or not). */
export async function profileById(db: Db, id: string) {
  return (await byId(db, id))[0]
}

export type ProfileRow = NonNullable<Awaited<ReturnType<typeof profileByUsername>>>

const byUsernameForViewer = prepared((db: Db, lowered: string, viewer: string) =>
  db
    .selectFrom('users')
    .innerJoin('userCounts', 'userCounts.userId', 'users.id')
    .select((eb) => [
      ...PROFILE_COLUMNS,
      'userCounts.followers',
      'userCounts.following',
      'userCounts.posts',
      eb
        .exists(
          eb.selectFrom('blocks').whereRef('blockerId', '=', 'users.id').where('blockedId', '=', viewer),
        )
        .as('blocksViewer'),
      ...relationColumns(viewer, sql.ref<string>('users.id')),
    ])
    .where((eb) => eb(eb.fn('lower', ['users.username']), '=', lowered))
    .where('users.status', '!=', 'banned'),
)

/**
 * A profile by its name as a signed-in viewer reads it, in one round trip: the profile (not
 * banned), whether it blocks the viewer (then it is not theirs to see), and how the viewer stands
 * towards it (what `relationship` answers). Compiled once: every signed-in profile read.
 */
export async function profileForViewer(db: Db, username: string, viewer: string) {
  const row = (await byUsernameForViewer(db, username.toLowerCase(), viewer))[0]
  if (!row) return undefined
  const { blocksViewer, relFollowing, relFollowedBy, relRequested, relBlocking, relMuting, ...profile } = row
  return {
    profile: profile as ProfileRow,
    blocksViewer: Boolean(blocksViewer),
    relationship: relationOf({ relFollowing, relFollowedBy, relRequested, relBlocking, relMuting }),
  }
}

const blockRows = prepared((db: Db, a: string, b: string) =>
  db
    .selectFrom('blocks')
    .select(['blockerId'])
    .where((eb) =>
      eb.or([
        eb.and([eb('blockerId', '=', a), eb('blockedId', '=', b)]),
        eb.and([eb('blockerId', '=', b), eb('blockedId', '=', a)]),
      ]),
    ),
)

/** Whether either of two accounts blocks the other. */
export async function blockedEitherWay(
  db: Db,
  a: string,
  b: string,
): Promise<{ aBlocksB: boolean; bBlocksA: boolean }> {
  const rows = await blockRows(db, a, b)
  return { aBlocksB: rows.some((r) => r.blockerId === a), bBlocksA: rows.some((r) => r.blockerId === b) }
}

/**
 * How `viewer` stands towards `target` (an id, or a column of the query it goes in), as five
 * columns one query selects: `relationship` alone, or beside the profile (`profileForViewer`).
 */
function relationColumns(viewer: string, target: string | Expression<string>) {
  const eb = expressionBuilder<DB, never>()
  return [
    eb
      .exists(eb.selectFrom('follows').where('followerId', '=', viewer).where('followeeId', '=', target))
      .as('relFollowing'),
    eb
      .exists(eb.selectFrom('follows').where('followerId', '=', target).where('followeeId', '=', viewer))
      .as('relFollowedBy'),
    eb
      .exists(
        eb.selectFrom('followRequests').where('requesterId', '=', viewer).where('targetId', '=', target),
      )
      .as('relRequested'),
    eb
      .exists(eb.selectFrom('blocks').where('blockerId', '=', viewer).where('blockedId', '=', target))
      .as('relBlocking'),
    eb
      .exists(
        eb
          .selectFrom('mutes')
          .where('muterId', '=', viewer)
          .where('mutedId', '=', target)
          .where((w) => w.or([w('expiresAt', 'is', null), w('expiresAt', '>', sql<Date>`now()`)])),
      )
      .as('relMuting'),
  ] as const
}

type RelationRow = {
  relFollowing: unknown
  relFollowedBy: unknown
  relRequested: unknown
  relBlocking: unknown
  relMuting: unknown
}

function relationOf(row: RelationRow | undefined) {
  return {
    following: Boolean(row?.relFollowing),
    followedBy: Boolean(row?.relFollowedBy),
    requested: Boolean(row?.relRequested),
    blocking: Boolean(row?.relBlocking),
    muting: Boolean(row?.relMuting),
  }
}

const relationRow = prepared((db: Db, viewer: string, target: string) =>
  db.selectNoFrom(relationColumns(viewer, target)),
)

/** How `viewer` stands towards `target`, in one round trip (compiled once: every profile read). */
export async function relationship(db: Db, viewer: string, target: string) {
  const [row] = await relationRow(db, viewer, target)
  return relationOf(row)
}

/**
 * Changes maintained counts. Rows are locked in id order first, so that two transactions touching
 * the same two accounts (A follows B while B follows A) cannot deadlock.
 */
export async function bumpCounts(
  trx: Transaction<DB>,
  changes: { userId: string; followers?: number; following?: number; posts?: number }[],
): Promise<void> {
  const ids = [...new Set(changes.map((c) => c.userId))].sort()
  if (ids.length === 0) return
  await trx
    .selectFrom('userCounts')
    .select('userId')
    .where('userId', 'in', ids)
    .orderBy('userId')
    .forUpdate()
    .execute()
  for (const c of changes) {
    await trx
      .updateTable('userCounts')
      .set({
        followers: sql`followers + ${c.followers ?? 0}`,
        following: sql`following + ${c.following ?? 0}`,
        posts: sql`posts + ${c.posts ?? 0}`,
      })
      .where('userId', '=', c.userId)
      .execute()
  }
}

/**
 * A condition for every read path: the account in `column` neither blocks `viewer` nor is blocked
 * by them. Blocked people never see each other, in lists, timelines, search or counts of lists.
 */
export function notBlockedWith(viewer: ViewerRef, column: string) {
  return sql<boolean>`not ${blockedBetween(sql.ref(column), viewer)}`
}

/**
 * Whether either of two accounts blocks the other. Each side is an id, or an SQL expression such
 * as `sql.ref('u.id')`.
 */
export function blockedBetween(a: unknown, b: unknown) {
  return sql<boolean>`exists (select 1 from blocks b where (b.blocker_id = ${a} and b.blocked_id = ${b}) or (b.blocker_id = ${b} and b.blocked_id = ${a}))`
}

/** Whether `blocker` blocks `account` (one way: what the blocker no longer sees of them). */
export function blocks(blocker: unknown, account: unknown) {
  return sql<boolean>`exists (select 1 from blocks bk where bk.blocker_id = ${blocker} and bk.blocked_id = ${account})`
}

/**
 * Whether `blocker` does not block `account`, for a scan over many rows of one reader (their
 * messages): the reader's blocks are read once into a hashed set, where `not blocks(...)` probes
 * the index for every row (a DM's unread count over 100 messages spent most of its time there).
 */
export function notBlockedBy(blocker: unknown, account: unknown) {
  return sql<boolean>`${account} not in (select bk.blocked_id from blocks bk where bk.blocker_id = ${blocker})`
}

/** Whether `follower` follows `account` (an accepted follow: requests are not follows). */
export function follows(follower: unknown, account: unknown) {
  return sql<boolean>`exists (select 1 from follows f where f.follower_id = ${follower} and f.followee_id = ${account})`
}

/** Whether the account (an id, or an SQL expression) is private: what it shares, it shares with its followers. */
export function isPrivateAccount(account: unknown) {
  return sql<boolean>`exists (select 1 from users pu where pu.id = ${account} and pu.is_private)`
}

/**
 * Whether `viewer` (null: anonymous) may see what `owner` shares with everyone: anyone, unless
 * the owner's account is private, where only the owner and its followers may.
 */
export function sharesPubliclyWith(viewer: ViewerRef | null, owner: unknown) {
  if (!viewer) return sql<boolean>`not ${isPrivateAccount(owner)}`
  return sql<boolean>`(${owner} = ${viewer} or not ${isPrivateAccount(owner)} or ${follows(viewer, owner)})`
}

/** Whether `viewer` (an id) was born at least 18 years ago: who sees what moderation age-restricted. */
export function isAdult(viewer: unknown) {
  return sql<boolean>`exists (select 1 from users au where au.id = ${viewer}
        and au.birth_date <= current_date - interval '18 years')`
}

/** A condition for timelines: the account in `column` is not muted by `viewer` (expired mutes do not count). */
export function notMutedBy(viewer: ViewerRef, column: string) {
  return sql<boolean>`not ${mutedBy(viewer, sql.ref(column))}`
}

/** Whether `muter` mutes `account` now (an id, or an SQL expression); expired mutes do not count. */
export function mutedBy(muter: unknown, account: unknown) {
  return sql<boolean>`exists (select 1 from mutes m where m.muter_id = ${muter} and m.muted_id = ${account} and (m.expires_at is null or m.expires_at > now()))`
}

/**
 * A condition: the account `alias` (a users row) lets `author` reach it under its mention or
 * message policy: everyone, only accounts it follows, or nobody.
 */
export function policyAllows(alias: string, policy: 'mention_policy' | 'message_policy', author: unknown) {
  const p = sql.ref(`${alias}.${policy}`)
  const id = sql.ref(`${alias}.id`)
  return sql<boolean>`(${p} = 'everyone' or (${p} = 'following' and exists (select 1 from follows f where f.follower_id = ${id} and f.followee_id = ${author})))`
}
