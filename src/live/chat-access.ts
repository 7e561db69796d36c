import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { isUuid } from '../platform/ids.ts'
import { chatProblems } from './chat-problems.ts'
import { checkOldEnough, oldEnoughFor, visibleTo } from './views.ts'

export type ChatRole = 'owner' | 'moderator' | 'viewer'

/** Who a stream is for (its audience): see StreamService.mayWatch. */
type Gate = { ownerId: string; audience: string; audienceTierId: string | null }

/** A user's standing in a stream's chat: who they are there, and what holds them back. */
export interface Standing {
  stream: {
    id: string
    ownerId: string
    state: string
    slowSeconds: number
    followersOnlyMinutes: number | null
    subscribersOnly: boolean
    emoteOnly: boolean
  }
  user: { id: string; username: string; displayName: string | null }
  role: ChatRole
  /** May watch the stream (its audience): a viewer who may not cannot chat either. */
  mayWatch: boolean
  /** Old enough for it (an age-restricted stream: adults and its owner); cannot chat otherwise. */
  oldEnough: boolean
  /** Moderates all the owner's streams (appointed without a stream). */
  channelModerator: boolean
  banned: boolean
  timedOutUntil: Date | null
  followedAt: Date | null
}

/** Whether `user` is a moderator of the stream `s` (appointed for it, or for all its owner's streams). */
export function moderates(user: unknown, streamAlias = 's') {
  const s = sql.table(streamAlias)
  return sql<boolean>`exists (select 1 from live_chat_moderators m where m.owner_id = ${s}.owner_id and m.user_id = ${user} and (m.stream_id is null or m.stream_id = ${s}.id))`
}

/** Whether `user` is banned from the stream `s` (from it, or from all its owner's streams). */
export function bannedFrom(user: unknown, streamAlias = 's') {
  const s = sql.table(streamAlias)
  return sql<boolean>`exists (select 1 from live_chat_bans b where b.owner_id = ${s}.owner_id and b.user_id = ${user} and (b.stream_id is null or b.stream_id = ${s}.id) and b.until is null)`
}

/**
 * Who may see, chat in and moderate a stream's chat: a stream the user may not see (its
 * visibility, a block either way) is not found; the owner and their moderators run it.
 */
export class ChatAccess {
  constructor(
    private readonly db: Kysely<DB>,
    /** Whether a viewer may watch a stream for subscribers (StreamService.entitled). */
    private readonly entitled: (viewer: string | null, row: Gate) => Promise<boolean>,
  ) {}

  /**
   * Whether the user may listen to the room: they may see the stream, are old enough for it, are
   * not banned from it, and may watch it (its audience), unless they run its chat (owner,
   * moderators; the age restriction applies to moderators too).
   */
  async mayWatch(userId: string, streamId: string): Promise<boolean> {
    if (!isUuid(streamId)) return false
    const row = await this.db
      .selectFrom('liveStreams as s')
      .select(['s.ownerId', 's.audience', 's.audienceTierId', moderates(userId).as('moderator')])
      .where('s.id', '=', streamId)
      .where(visibleTo(userId))
      .where(oldEnoughFor(userId))
      .where(sql<boolean>`not ${bannedFrom(userId)}`)
      .executeTakeFirst()
    return row !== undefined && (Boolean(row.moderator) || (await this.entitled(userId, row)))
  }

  /**
   * Refuses the chat of an age-restricted stream to a reader not old enough for it (403
   * age_restricted), and that of a stream for subscribers (its audience) to a reader who may not
   * watch it (403 subscribers_only); `row` is one they may see.
   */
  async mayRead(viewer: string | null, row: Gate & { id: string }): Promise<void> {
    await checkOldEnough(this.db, viewer, row.id)
    if (row.audience !== 'subscribers' || row.ownerId === viewer) return
    if (viewer !== null) {
      const moderator = await this.db
        .selectFrom('liveStreams as s')
        .select('s.id')
        .where('s.id', '=', row.id)
        .where(moderates(viewer))
        .executeTakeFirst()
      if (moderator) return
    }
    if (!(await this.entitled(viewer, row)))
      throw new HttpError(
        chatProblems.subscribersOnly,
        'This stream and its chat are for subscribers of the streamer',
      )
  }

  /** The user's standing in the stream's chat; 404 when they may not see the stream. */
  async standing(userId: string, streamId: string): Promise<Standing> {
    if (!isUuid(streamId)) throw new HttpError(problems.notFound, 'No such stream')
    const row = await this.db
      .selectFrom('liveStreams as s')
      .innerJoin('users as u', (j) => j.on('u.id', '=', userId))
      .select([
        's.id',
        's.ownerId',
        's.state',
        's.chatSlowSeconds',
        's.chatFollowersOnlyMinutes',
        's.chatSubscribersOnly',
        's.chatEmoteOnly',
        's.audience',
        's.audienceTierId',
        'u.username',
        'u.displayName',
        moderates(userId).as('moderator'),
        sql<boolean>`exists (select 1 from live_chat_moderators m where m.owner_id = s.owner_id and m.user_id = ${userId} and m.stream_id is null)`.as(
          'channelModerator',
        ),
        bannedFrom(userId).as('banned'),
        oldEnoughFor(userId).as('oldEnough'),
        sql<Date | null>`(select max(b.until) from live_chat_bans b where b.owner_id = s.owner_id and b.user_id = ${userId} and (b.stream_id is null or b.stream_id = s.id) and b.until > now())`.as(
          'timedOutUntil',
        ),
        sql<Date | null>`(select f.created_at from follows f where f.follower_id = ${userId} and f.followee_id = s.owner_id)`.as(
          'followedAt',
        ),
      ])
      .where('s.id', '=', streamId)
      .where(visibleTo(userId))
      .executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No such stream')
    const role: ChatRole = row.ownerId === userId ? 'owner' : row.moderator ? 'moderator' : 'viewer'
    return {
      mayWatch: role !== 'viewer' || (await this.entitled(userId, row)),
      oldEnough: Boolean(row.oldEnough),
      stream: {
        id: row.id,
        ownerId: row.ownerId,
        state: row.state,
        slowSeconds: row.chatSlowSeconds,
        followersOnlyMinutes: row.chatFollowersOnlyMinutes,
        subscribersOnly: row.chatSubscribersOnly,
        emoteOnly: row.chatEmoteOnly,
      },
      user: { id: userId, username: row.username, displayName: row.displayName },
      role,
      channelModerator: role === 'owner' || Boolean(row.channelModerator),
      banned: Boolean(row.banned),
      timedOutUntil: row.timedOutUntil ? new Date(row.timedOutUntil) : null,
      followedAt: row.followedAt ? new Date(row.followedAt) : null,
    }
  }

  /** The standing of a user who must be the owner or a moderator of the stream (403 otherwise). */
  async moderator(userId: string, streamId: string): Promise<Standing> {
    const standing = await this.standing(userId, streamId)
    if (standing.role === 'viewer') throw new HttpError(chatProblems.notModerator)
    return standing
  }

  /** The stream's owner, or 404 (not theirs, or not there). */
  async owner(userId: string, streamId: string): Promise<Standing> {
    const standing = await this.standing(userId, streamId)
    if (standing.role !== 'owner') throw new HttpError(problems.notFound, 'No such stream of yours')
    return standing
  }
}
