import { type Kysely, sql, type Transaction } from 'kysely'
import { domainEvent } from '../platform/bus/events.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB } from '../platform/db/schema.ts'
import { defineProblem, HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import {
  blockedEitherWay,
  bumpCounts,
  notBlockedWith,
  type ProfileRow,
  profileByUsername,
} from './queries.ts'

export const graphProblems = {
  self: defineProblem(422, 'not_yourself', 'You cannot do that to your own account'),
  blocking: defineProblem(409, 'blocking', 'You block this account: unblock it first'),
  listHidden: defineProblem(403, 'private_account', 'This account is private: follow it to see this'),
}

export type FollowState = 'following' | 'requested' | 'none'

/** An account in a list: enough to render a row. */
export interface AccountSummary {
  id: string
  username: string
  displayName: string | null
  isPrivate: boolean
}

const SUMMARY = ['users.id', 'users.username', 'users.displayName', 'users.isPrivate'] as const

/**
 * Follows, follow requests, blocks and mutes. Follower and following counts change in the same
 * transaction as the rows they count, under row locks taken in a fixed order, so they stay exact
 * under any concurrency. A block removes follows and requests both ways.
 */
export class GraphService {
  constructor(
    private readonly db: Kysely<DB>,
    /** Tells gateways who may no longer listen (an unfollow, a block); none in tests of queries alone. */
    private readonly live?: LivePublisher,
  ) {}

  /** The account behind a username, as `viewer` may see it: someone who blocks the viewer is not found. */
  async visibleTarget(viewer: string | null, username: string): Promise<ProfileRow> {
    const target = await profileByUsername(this.db, username)
    if (!target) throw new HttpError(problems.notFound, `No account @${username}`)
    if (viewer && viewer !== target.id && (await blockedEitherWay(this.db, viewer, target.id)).bBlocksA) {
      throw new HttpError(problems.notFound, `No account @${username}`)
    }
    return target
  }

  async follow(viewer: string, username: string): Promise<FollowState> {
    const target = await this.visibleTarget(viewer, username)
    if (target.id === viewer) throw new HttpError(graphProblems.self)
    if ((await blockedEitherWay(this.db, viewer, target.id)).aBlocksB)
      throw new HttpError(graphProblems.blocking)
    return this.db.transaction().execute(async (trx) => {
      const already = await trx
        .selectFrom('follows')
        .select('followerId')
        .where('followerId', '=', viewer)
        .where('followeeId', '=', target.id)
        .executeTakeFirst()
      if (already) return 'following'
      if (target.isPrivate) {
        const inserted = await trx
          .insertInto('followRequests')
          .values({ id: newId(), requesterId: viewer, targetId: target.id })
          .onConflict((oc) => oc.columns(['requesterId', 'targetId']).doNothing())
          .returning('id')
          .executeTakeFirst()
        if (inserted) await this.event(trx, 'follow.requested', viewer, target.id)
        return 'requested'
      }
      await this.addFollow(trx, viewer, target.id)
      return 'following'
    })
  }

  async unfollow(viewer: string, username: string): Promise<FollowState> {
    const target = await this.visibleTarget(viewer, username)
    await this.db.transaction().execute(async (trx) => {
      await this.removeFollow(trx, viewer, target.id)
      await trx
        .deleteFrom('followRequests')
        .where('requesterId', '=', viewer)
        .where('targetId', '=', target.id)
        .execute()
    })
    // Followers-only posts, and presence shared with mutual followers, are no longer theirs.
    this.live?.accessChanged({ users: [viewer, target.id] })
    return 'none'
  }

  async answerRequest(viewer: string, requestId: string, accept: boolean): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const request = await trx
        .deleteFrom('followRequests')
        .where('id', '=', requestId)
        .where('targetId', '=', viewer)
        .returning(['requesterId'])
        .executeTakeFirst()
      if (!request) throw new HttpError(problems.notFound, 'No such follow request')
      if (accept) await this.addFollow(trx, request.requesterId, viewer)
      else await this.event(trx, 'follow.rejected', viewer, request.requesterId)
    })
  }

  /** Turning an account public lets everyone who asked in. */
  async acceptAllRequests(trx: Transaction<DB>, userId: string): Promise<void> {
    const pending = await trx
      .deleteFrom('followRequests')
      .where('targetId', '=', userId)
      .returning('requesterId')
      .execute()
    for (const p of pending) await this.addFollow(trx, p.requesterId, userId)
  }

  async block(viewer: string, username: string): Promise<void> {
    const target = await this.visibleTarget(viewer, username)
    if (target.id === viewer) throw new HttpError(graphProblems.self)
    await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('blocks')
        .values({ blockerId: viewer, blockedId: target.id })
        .onConflict((oc) => oc.columns(['blockerId', 'blockedId']).doNothing())
        .returning('blockedId')
        .executeTakeFirst()
      if (!inserted) return
      await this.removeFollow(trx, viewer, target.id)
      await this.removeFollow(trx, target.id, viewer)
      await trx
        .deleteFrom('followRequests')
        .where((eb) =>
          eb.or([
            eb.and([eb('requesterId', '=', viewer), eb('targetId', '=', target.id)]),
            eb.and([eb('requesterId', '=', target.id), eb('targetId', '=', viewer)]),
          ]),
        )
        .execute()
      await this.event(trx, 'user.blocked', viewer, target.id)
    })
    this.live?.accessChanged({ users: [viewer, target.id] })
  }

  async unblock(viewer: string, username: string): Promise<void> {
    const target = await this.visibleTarget(viewer, username)
    await this.db
      .deleteFrom('blocks')
      .where('blockerId', '=', viewer)
      .where('blockedId', '=', target.id)
      .execute()
  }

  async mute(viewer: string, username: string, until: Date | null): Promise<void> {
    const target = await this.visibleTarget(viewer, username)
    if (target.id === viewer) throw new HttpError(graphProblems.self)
    await this.db
      .insertInto('mutes')
      .values({ muterId: viewer, mutedId: target.id, expiresAt: until })
      .onConflict((oc) =>
        oc.columns(['muterId', 'mutedId']).doUpdateSet({ expiresAt: until, createdAt: new Date() }),
      )
      .execute()
  }

  async unmute(viewer: string, username: string): Promise<void> {
    const target = await this.visibleTarget(viewer, username)
    await this.db.deleteFrom('mutes').where('muterId', '=', viewer).where('mutedId', '=', target.id).execute()
  }

  /** Followers (`direction: 'followers'`) or followed accounts of `username`, newest first. */
  async list(
    viewer: string | null,
    username: string,
    direction: 'followers' | 'following',
    limit: number,
    cursor?: string,
  ) {
    const target = await this.visibleTarget(viewer, username)
    if (target.isPrivate && viewer !== target.id) {
      const follows = viewer
        ? await this.db
            .selectFrom('follows')
            .select('followerId')
            .where('followerId', '=', viewer)
            .where('followeeId', '=', target.id)
            .executeTakeFirst()
        : undefined
      if (!follows) throw new HttpError(graphProblems.listHidden)
    }
    const [mine, theirs] =
      direction === 'followers'
        ? (['followeeId', 'followerId'] as const)
        : (['followerId', 'followeeId'] as const)
    const after = decodeCursor(cursor)
    let query = this.db
      .selectFrom('follows')
      .innerJoin('users', 'users.id', `follows.${theirs}`)
      .select([...SUMMARY, 'follows.createdAt as at'])
      .where(`follows.${mine}`, '=', target.id)
      .where('users.status', '!=', 'banned')
    if (viewer) query = query.where(notBlockedWith(viewer, 'users.id'))
    const rows = await query
      .$call(newestFirst('follows.createdAt', `follows.${theirs}`, after, limit))
      .execute()
    return page(rows, limit, (r) => ({ at: r.at, id: r.id }), summary)
  }

  async incomingRequests(viewer: string, limit: number, cursor?: string) {
    const after = decodeCursor(cursor)
    const query = this.db
      .selectFrom('followRequests as r')
      .innerJoin('users', 'users.id', 'r.requesterId')
      .select([...SUMMARY, 'r.id as requestId', 'r.createdAt as at'])
      .where('r.targetId', '=', viewer)
    const rows = await query.$call(newestFirst('r.createdAt', 'r.id', after, limit)).execute()
    return page(
      rows,
      limit,
      (r) => ({ at: r.at, id: r.requestId }),
      (r) => ({ id: r.requestId, account: summary(r), createdAt: r.at.toISOString() }),
    )
  }

  async blocks(viewer: string, limit: number, cursor?: string) {
    const after = decodeCursor(cursor)
    const query = this.db
      .selectFrom('blocks as b')
      .innerJoin('users', 'users.id', 'b.blockedId')
      .select([...SUMMARY, 'b.createdAt as at'])
      .where('b.blockerId', '=', viewer)
    const rows = await query.$call(newestFirst('b.createdAt', 'b.blockedId', after, limit)).execute()
    return page(
      rows,
      limit,
      (r) => ({ at: r.at, id: r.id }),
      (r) => ({ account: summary(r), since: r.at.toISOString() }),
    )
  }

  async mutes(viewer: string, limit: number, cursor?: string) {
    const after = decodeCursor(cursor)
    const query = this.db
      .selectFrom('mutes as m')
      .innerJoin('users', 'users.id', 'm.mutedId')
      .select([...SUMMARY, 'm.createdAt as at', 'm.expiresAt'])
      .where('m.muterId', '=', viewer)
      .where((eb) => eb.or([eb('m.expiresAt', 'is', null), eb('m.expiresAt', '>', sql<Date>`now()`)]))
    const rows = await query.$call(newestFirst('m.createdAt', 'm.mutedId', after, limit)).execute()
    return page(
      rows,
      limit,
      (r) => ({ at: r.at, id: r.id }),
      (r) => ({
        account: summary(r),
        since: r.at.toISOString(),
        expiresAt: r.expiresAt?.toISOString() ?? null,
      }),
    )
  }

  private async addFollow(trx: Transaction<DB>, follower: string, followee: string): Promise<void> {
    const inserted = await trx
      .insertInto('follows')
      .values({ followerId: follower, followeeId: followee })
      .onConflict((oc) => oc.columns(['followerId', 'followeeId']).doNothing())
      .returning('followerId')
      .executeTakeFirst()
    if (!inserted) return
    await bumpCounts(trx, [
      { userId: followee, followers: 1 },
      { userId: follower, following: 1 },
    ])
    await this.event(trx, 'user.followed', follower, followee)
  }

  private async removeFollow(trx: Transaction<DB>, follower: string, followee: string): Promise<void> {
    const removed = await trx
      .deleteFrom('follows')
      .where('followerId', '=', follower)
      .where('followeeId', '=', followee)
      .returning('followerId')
      .executeTakeFirst()
    if (!removed) return
    await bumpCounts(trx, [
      { userId: followee, followers: -1 },
      { userId: follower, following: -1 },
    ])
    await this.event(trx, 'user.unfollowed', follower, followee)
  }

  private event(trx: Transaction<DB>, type: string, actor: string, subject: string) {
    return appendEvents(trx, [
      domainEvent({ type, actorId: actor, subject: { kind: 'user', id: subject }, data: {} }),
    ])
  }
}

function summary(r: {
  id: string
  username: string
  displayName: string | null
  isPrivate: boolean
}): AccountSummary {
  return { id: r.id, username: r.username, displayName: r.displayName, isPrivate: r.isPrivate }
}
