import { type Kysely, sql } from 'kysely'
import type { ActorClient } from '../../actors/runtime/client.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import { fieldError, HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { isUuid, newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import { nameProblem } from '../platform/text.ts'
import { streamRef } from './backend.ts'
import { type ChatService, messageOf, messagesWithAuthors } from './chat.ts'
import type { ChatAccess, Standing } from './chat-access.ts'
import { chatProblems } from './chat-problems.ts'
import { foldTerm, MAX_TERMS, TERM_MAX_LENGTH } from './chat-text.ts'

/** Where a ban or a moderator applies: this stream, or every stream of its owner. */
export type Scope = 'stream' | 'channel'

export interface ChatSettings {
  slowSeconds?: number
  followersOnlyMinutes?: number | null
  subscribersOnly?: boolean
  emoteOnly?: boolean
}

type Person = { id: string; username: string; displayName: string | null }

/**
 * What the streamer and their moderators do to a stream's chat: delete a message, pin one,
 * time a user out or ban them (from the stream, or from all the owner's streams), change the
 * chat's modes; the streamer alone appoints moderators and keeps the banned terms. Each action
 * is written to the audit list and, as an event, to the room (numbered by the stream's actor),
 * so clients remove what it took away; a ban also drops the banned user's subscription.
 */
export class ModerationService {
  constructor(
    private readonly deps: {
      db: Kysely<DB>
      access: ChatAccess
      chat: ChatService
      actors: ActorClient
      live: LivePublisher
      log: Logger
    },
  ) {}

  async deleteMessage(userId: string, streamId: string, messageId: string): Promise<void> {
    const st = await this.deps.access.moderator(userId, streamId)
    if (!isUuid(messageId)) throw new HttpError(problems.notFound, 'No such message')
    const row = await this.deps.db
      .updateTable('liveChatMessages')
      .set({ deletedAt: sql`now()`, deletedBy: userId })
      .where('id', '=', messageId)
      .where('streamId', '=', st.stream.id)
      .where('deletedAt', 'is', null)
      .returning(['id', 'authorId'])
      .executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No such message')
    const wasPinned = await this.deps.db
      .deleteFrom('liveChatPins')
      .where('streamId', '=', st.stream.id)
      .where('messageId', '=', messageId)
      .executeTakeFirst()
    await this.record(st, 'message.deleted', { target: row.authorId, messageId })
    await this.event(st, 'chat.deleted', { messageId, authorId: row.authorId })
    if (Number(wasPinned.numDeletedRows) > 0) await this.event(st, 'chat.pinned', { message: null })
  }

  /**
   * The platform's moderation (src/moderation) takes a message down, or gives it back when its
   * action is reversed: the room hears `chat.deleted` (`by` null: not the stream's moderators),
   * or `chat.restored` with the message. A message the stream's moderators deleted is theirs:
   * a reversal does not bring it back. Answers whether anything changed.
   */
  async takeDown(messageId: string, restore = false): Promise<boolean> {
    const { db } = this.deps
    const row = await db
      .updateTable('liveChatMessages')
      .set({ deletedAt: restore ? null : sql`now()`, deletedBy: null })
      .where('id', '=', messageId)
      .where('deletedAt', restore ? 'is not' : 'is', null)
      .$if(restore, (q) => q.where('deletedBy', 'is', null))
      .returning(['id', 'streamId', 'authorId'])
      .executeTakeFirst()
    if (!row) return false
    const tell = (event: string, data: Record<string, unknown>) =>
      this.deps.actors
        .tell(streamRef(row.streamId), { type: 'chat.event', event, data: { ...data, by: null } })
        .catch((error: unknown) =>
          this.deps.log.warn(
            { err: error, streamId: row.streamId, event },
            'a moderation event was not pushed to the room',
          ),
        )
    if (restore) {
      const message = await messagesWithAuthors(db).where('m.id', '=', messageId).executeTakeFirstOrThrow()
      await tell('chat.restored', { message: messageOf(message) })
      return true
    }
    const unpinned = await db
      .deleteFrom('liveChatPins')
      .where('streamId', '=', row.streamId)
      .where('messageId', '=', messageId)
      .executeTakeFirst()
    await tell('chat.deleted', { messageId, authorId: row.authorId })
    if (Number(unpinned.numDeletedRows) > 0) await tell('chat.pinned', { message: null })
    return true
  }

  /** Pins a message (the one pinned before is unpinned), or unpins with `messageId` null. */
  async pin(userId: string, streamId: string, messageId: string | null) {
    const st = await this.deps.access.moderator(userId, streamId)
    const { db } = this.deps
    if (messageId === null) {
      await db.deleteFrom('liveChatPins').where('streamId', '=', st.stream.id).execute()
      await this.record(st, 'message.unpinned', {})
      await this.event(st, 'chat.pinned', { message: null })
      return null
    }
    const row = isUuid(messageId)
      ? await messagesWithAuthors(db)
          .where('m.id', '=', messageId)
          .where('m.streamId', '=', st.stream.id)
          .where('m.deletedAt', 'is', null)
          .executeTakeFirst()
      : undefined
    if (!row) throw new HttpError(problems.notFound, 'No such message')
    await db
      .insertInto('liveChatPins')
      .values({ streamId: st.stream.id, messageId, pinnedBy: userId })
      .onConflict((oc) =>
        oc.column('streamId').doUpdateSet({ messageId, pinnedBy: userId, pinnedAt: sql`now()` }),
      )
      .execute()
    const message = messageOf(row)
    await this.record(st, 'message.pinned', { target: row.authorId, messageId })
    await this.event(st, 'chat.pinned', { message })
    return message
  }

  /** The user may not chat in the stream for `minutes` (they still watch); 0 lifts a timeout. */
  async timeout(userId: string, streamId: string, targetId: string, minutes: number) {
    const st = await this.deps.access.moderator(userId, streamId)
    await this.checkTarget(st, targetId)
    const until = new Date(Date.now() + minutes * 60_000)
    await this.deps.db.transaction().execute(async (trx) => {
      // A ban of this stream is not shortened into a timeout.
      const ban = await trx
        .selectFrom('liveChatBans')
        .select('until')
        .where('ownerId', '=', st.stream.ownerId)
        .where('userId', '=', targetId)
        .where('streamId', '=', st.stream.id)
        .forUpdate()
        .executeTakeFirst()
      if (ban && ban.until === null)
        throw new HttpError(problems.conflict, 'This user is banned from this stream')
      await trx
        .deleteFrom('liveChatBans')
        .where('ownerId', '=', st.stream.ownerId)
        .where('userId', '=', targetId)
        .where('streamId', '=', st.stream.id)
        .execute()
      if (minutes > 0)
        await trx
          .insertInto('liveChatBans')
          .values({
            ownerId: st.stream.ownerId,
            userId: targetId,
            streamId: st.stream.id,
            until,
            createdBy: userId,
          })
          .execute()
    })
    await this.record(st, minutes > 0 ? 'user.timedout' : 'user.timeout_lifted', {
      target: targetId,
      data: { minutes },
    })
    const data = { userId: targetId, until: minutes > 0 ? until.toISOString() : null }
    await this.event(st, 'user.timedout', data)
    return data
  }

  /** Bans the user from the stream's chat and room (`channel`: from all the owner's streams). */
  async ban(userId: string, streamId: string, targetId: string, scope: Scope) {
    const st = await this.scoped(userId, streamId, scope)
    await this.checkTarget(st, targetId)
    const scopeStream = scope === 'stream' ? st.stream.id : null
    await this.deps.db
      .insertInto('liveChatBans')
      .values({
        ownerId: st.stream.ownerId,
        userId: targetId,
        streamId: scopeStream,
        until: null,
        createdBy: userId,
      })
      .onConflict((oc) =>
        oc
          .columns(['ownerId', 'userId', 'streamId'])
          .doUpdateSet({ until: null, createdBy: userId, createdAt: sql`now()` }),
      )
      .execute()
    await this.record(st, 'user.banned', { target: targetId, data: { scope } })
    await this.event(st, 'user.banned', { userId: targetId, scope })
    // Their open subscriptions to the room are dropped, on every gateway.
    this.deps.live.accessChanged({ users: [targetId] })
  }

  async unban(userId: string, streamId: string, targetId: string, scope: Scope): Promise<void> {
    const st = await this.scoped(userId, streamId, scope)
    if (!isUuid(targetId)) throw new HttpError(problems.notFound, 'No such ban')
    const gone = await this.deps.db
      .deleteFrom('liveChatBans')
      .where('ownerId', '=', st.stream.ownerId)
      .where('userId', '=', targetId)
      .where('streamId', scope === 'stream' ? '=' : 'is', scope === 'stream' ? st.stream.id : null)
      .where('until', 'is', null)
      .executeTakeFirst()
    if (Number(gone.numDeletedRows) === 0) throw new HttpError(problems.notFound, 'No such ban')
    await this.record(st, 'user.unbanned', { target: targetId, data: { scope } })
  }

  /** Changes the chat's modes (the owner and moderators): the room hears the stream's new view. */
  async settings(userId: string, streamId: string, patch: ChatSettings) {
    const st = await this.deps.access.moderator(userId, streamId)
    const set: Record<string, unknown> = {}
    if (patch.slowSeconds !== undefined) set.chatSlowSeconds = patch.slowSeconds
    if (patch.followersOnlyMinutes !== undefined) set.chatFollowersOnlyMinutes = patch.followersOnlyMinutes
    if (patch.subscribersOnly !== undefined) set.chatSubscribersOnly = patch.subscribersOnly
    if (patch.emoteOnly !== undefined) set.chatEmoteOnly = patch.emoteOnly
    const row = await this.deps.db
      .updateTable('liveStreams')
      .set({ ...set, updatedAt: sql`now()` })
      .where('id', '=', st.stream.id)
      .returning(['chatSlowSeconds', 'chatFollowersOnlyMinutes', 'chatSubscribersOnly', 'chatEmoteOnly'])
      .executeTakeFirstOrThrow()
    await this.record(st, 'chat.settings', { data: patch as Record<string, unknown> })
    await this.deps.actors
      .tell(streamRef(st.stream.id), { type: 'changed' })
      .catch((error: unknown) =>
        this.deps.log.warn(
          { err: error, streamId: st.stream.id },
          'the room did not hear of the new settings',
        ),
      )
    return {
      slowSeconds: row.chatSlowSeconds,
      followersOnlyMinutes: row.chatFollowersOnlyMinutes,
      subscribersOnly: row.chatSubscribersOnly,
      emoteOnly: row.chatEmoteOnly,
    }
  }

  /** The owner appoints a moderator of this stream, or of all their streams (`channel`). */
  async addModerator(userId: string, streamId: string, targetId: string, scope: Scope) {
    const st = await this.deps.access.owner(userId, streamId)
    const target = await this.person(targetId)
    if (target.id === st.stream.ownerId) throw fieldError('body.userId', 'the streamer runs the chat already')
    await this.deps.db
      .insertInto('liveChatModerators')
      .values({
        ownerId: st.stream.ownerId,
        userId: target.id,
        streamId: scope === 'stream' ? st.stream.id : null,
      })
      .onConflict((oc) => oc.columns(['ownerId', 'userId', 'streamId']).doNothing())
      .execute()
    await this.record(st, 'moderator.added', { target: target.id, data: { scope } })
    return { user: target, scope }
  }

  async removeModerator(userId: string, streamId: string, targetId: string, scope: Scope): Promise<void> {
    const st = await this.deps.access.owner(userId, streamId)
    if (!isUuid(targetId)) throw new HttpError(problems.notFound, 'No such moderator')
    const gone = await this.deps.db
      .deleteFrom('liveChatModerators')
      .where('ownerId', '=', st.stream.ownerId)
      .where('userId', '=', targetId)
      .where('streamId', scope === 'stream' ? '=' : 'is', scope === 'stream' ? st.stream.id : null)
      .executeTakeFirst()
    if (Number(gone.numDeletedRows) === 0) throw new HttpError(problems.notFound, 'No such moderator')
    await this.record(st, 'moderator.removed', { target: targetId, data: { scope } })
  }

  /** The moderators of the stream (its own and the owner's), for the owner and the moderators. */
  async moderators(userId: string, streamId: string) {
    const st = await this.deps.access.moderator(userId, streamId)
    const rows = await this.deps.db
      .selectFrom('liveChatModerators as m')
      .innerJoin('users as u', 'u.id', 'm.userId')
      .select(['u.id', 'u.username', 'u.displayName', 'm.streamId', 'm.createdAt'])
      .where('m.ownerId', '=', st.stream.ownerId)
      .where((eb) => eb.or([eb('m.streamId', 'is', null), eb('m.streamId', '=', st.stream.id)]))
      .orderBy('m.createdAt')
      .execute()
    return {
      items: rows.map((r) => ({
        user: { id: r.id, username: r.username, displayName: r.displayName },
        scope: (r.streamId ? 'stream' : 'channel') as Scope,
        createdAt: r.createdAt.toISOString(),
      })),
    }
  }

  /** The streamer's banned terms, for all their streams. */
  async terms(ownerId: string) {
    return { terms: (await this.deps.chat.termsOf(ownerId)).sort() }
  }

  /** Replaces the streamer's banned terms (folded: NFKC, lower case). */
  async setTerms(ownerId: string, raw: string[]) {
    if (raw.length > MAX_TERMS) throw fieldError('body.terms', `at most ${MAX_TERMS} terms`)
    const terms = new Set<string>()
    raw.forEach((value, i) => {
      const term = foldTerm(value.toWellFormed())
      if (term.length < 1 || [...term].length > TERM_MAX_LENGTH)
        throw fieldError(`body.terms.${i}`, `1 to ${TERM_MAX_LENGTH} characters`)
      const problem = nameProblem(term)
      if (problem) throw fieldError(`body.terms.${i}`, problem)
      terms.add(term)
    })
    await this.deps.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('liveChatBannedTerms').where('ownerId', '=', ownerId).execute()
      if (terms.size)
        await trx
          .insertInto('liveChatBannedTerms')
          .values([...terms].map((term) => ({ ownerId, term })))
          .execute()
    })
    return { terms: [...terms].sort() }
  }

  /** What the owner and moderators did in the stream's chat, newest first. */
  async audit(userId: string, streamId: string, opts: { cursor?: string; limit: number }) {
    const st = await this.deps.access.moderator(userId, streamId)
    const rows = await this.deps.db
      .selectFrom('liveChatAudit as a')
      .leftJoin('users as u', 'u.id', 'a.actorId')
      .select([
        'a.id',
        'a.action',
        'a.actorId',
        'a.targetUserId',
        'a.messageId',
        'a.data',
        'a.createdAt',
        'u.username',
        'u.displayName',
      ])
      .where('a.streamId', '=', st.stream.id)
      .$call(newestFirst('a.createdAt', 'a.id', decodeCursor(opts.cursor), opts.limit))
      .execute()
    return page(
      rows,
      opts.limit,
      (r) => ({ at: r.createdAt, id: r.id }),
      (r) => ({
        id: r.id,
        action: r.action,
        actor:
          r.actorId && r.username
            ? { id: r.actorId, username: r.username, displayName: r.displayName }
            : null,
        targetUserId: r.targetUserId,
        messageId: r.messageId,
        data: r.data as Record<string, unknown>,
        createdAt: r.createdAt.toISOString(),
      }),
    )
  }

  /** A moderator's standing, for an action of `scope` (all the owner's streams: the owner or a channel moderator). */
  private async scoped(userId: string, streamId: string, scope: Scope): Promise<Standing> {
    const st = await this.deps.access.moderator(userId, streamId)
    if (scope === 'channel' && !st.channelModerator)
      throw new HttpError(
        chatProblems.notModerator,
        'Only the streamer and moderators of all their streams act on all of them',
      )
    return st
  }

  /** A user who may be timed out or banned: someone else than the streamer and their moderators. */
  private async checkTarget(st: Standing, targetId: string): Promise<void> {
    const target = await this.person(targetId)
    if (target.id === st.stream.ownerId) throw new HttpError(chatProblems.cannotModerate)
    const mod = await this.deps.db
      .selectFrom('liveChatModerators')
      .select('userId')
      .where('ownerId', '=', st.stream.ownerId)
      .where('userId', '=', target.id)
      .where((eb) => eb.or([eb('streamId', 'is', null), eb('streamId', '=', st.stream.id)]))
      .executeTakeFirst()
    if (mod) throw new HttpError(chatProblems.cannotModerate)
  }

  private async person(id: string): Promise<Person> {
    const row = isUuid(id)
      ? await this.deps.db
          .selectFrom('users')
          .select(['id', 'username', 'displayName'])
          .where('id', '=', id)
          .executeTakeFirst()
      : undefined
    if (!row) throw new HttpError(problems.notFound, 'No such user')
    return row
  }

  private async record(
    st: Standing,
    action: string,
    what: { target?: string; messageId?: string; data?: Record<string, unknown> },
  ): Promise<void> {
    await this.deps.db
      .insertInto('liveChatAudit')
      .values({
        id: newId(),
        streamId: st.stream.id,
        actorId: st.user.id,
        action,
        targetUserId: what.target ?? null,
        messageId: what.messageId ?? null,
        data: sql<Json>`${JSON.stringify(what.data ?? {})}::text::jsonb`,
      })
      .execute()
  }

  /**
   * An event of the room, numbered by the stream's actor. The action itself is stored already:
   * if the actor cannot be reached, the room misses the event (logged) but the action holds
   * (REST shows it; a ban is enforced, and its subscriptions are dropped all the same).
   */
  private async event(st: Standing, event: string, data: Record<string, unknown>): Promise<void> {
    await this.deps.actors
      .tell(streamRef(st.stream.id), { type: 'chat.event', event, data: { ...data, by: st.user.id } })
      .catch((error: unknown) =>
        this.deps.log.warn(
          { err: error, streamId: st.stream.id, event },
          'a moderation event was not pushed to the room',
        ),
      )
  }
}
