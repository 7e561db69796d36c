import type { KV } from '@nats-io/kv'
import type { Kysely } from 'kysely'
import type { Presence } from '../../actors/user.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import type { GraphService } from '../users/graph.ts'
import { blockedBetween } from '../users/queries.ts'

/**
 * Reading presence: whether an account is online, idle or offline, and when it was last seen, as
 * its UserActor keeps it (mirrored in the presence KV bucket). An account's presence is shown to
 * itself, and to others as its `presence_visibility` says: everyone signed in, mutual followers
 * (the default), or nobody. Blocked either way: not found.
 */
export class PresenceService {
  private readonly decoder = new TextDecoder()

  constructor(
    private readonly db: Kysely<DB>,
    private readonly graph: GraphService,
    private readonly kv: KV,
  ) {}

  async get(viewer: string, username: string): Promise<Presence> {
    const target = await this.graph.visibleTarget(viewer, username)
    if (!(await this.mayWatch(viewer, target.id)))
      throw new HttpError(problems.forbidden, `@${target.username} does not share their presence with you`)
    return this.read(target.id)
  }

  async read(userId: string): Promise<Presence> {
    const entry = await this.kv.get(userId)
    if (entry?.operation !== 'PUT') return { userId, status: 'offline', lastSeenAt: null }
    return JSON.parse(this.decoder.decode(entry.value)) as Presence
  }

  /** Whether `viewer` may see `userId`'s presence (the `presence:<id>` channel's rule too). */
  async mayWatch(viewer: string, userId: string): Promise<boolean> {
    if (viewer === userId) return true
    const row = await this.db
      .selectFrom('users as u')
      .select([
        'u.presenceVisibility',
        blockedBetween(userId, viewer).as('blocked'),
        (eb) =>
          eb
            .exists(
              eb
                .selectFrom('follows as a')
                .innerJoin('follows as back', (j) =>
                  j
                    .onRef('back.followerId', '=', 'a.followeeId')
                    .onRef('back.followeeId', '=', 'a.followerId'),
                )
                .select('a.followerId')
                .where('a.followerId', '=', viewer)
                .where('a.followeeId', '=', userId),
            )
            .as('mutual'),
      ])
      .where('u.id', '=', userId)
      .where('u.status', '!=', 'banned')
      .executeTakeFirst()
    if (!row || row.blocked) return false
    if (row.presenceVisibility === 'everyone') return true
    return row.presenceVisibility === 'mutuals' && Boolean(row.mutual)
  }
}
