import { type Kysely, sql } from 'kysely'
import type { ActorClient } from '../../actors/runtime/client.ts'
import type { DomainEvent } from '../platform/bus/events.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, encodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import type { PostReader, PostView } from '../posts/reads.ts'
import { notBlockedWith, notMutedBy, type ViewerRef } from '../users/queries.ts'
import type { Notice, NotificationDispatcher } from './dispatcher.ts'

interface Made {
  recipient: string
  type: string
  postId: string | null
  groupKey: string
}

type Row = {
  id: string
  type: string
  /** Null when the platform speaks (a moderation statement). */
  actorId: string | null
  postId: string | null
  streamId: string | null
  streamTitle: string | null
  moderationActionId: string | null
  reportId: string | null
  copyrightClaimId: string | null
  createdAt: Date
  readAt: Date | null
  username: string | null
  displayName: string | null
  isPrivate: boolean | null
}

/** A notification as the API shows it, with its post (as its recipient sees it) from `postOf`. */
function view(r: Row, postOf: Map<string, PostView>) {
  return {
    id: r.id,
    type: r.type,
    createdAt: r.createdAt.toISOString(),
    read: r.readAt !== null,
    actor: r.actorId
      ? { id: r.actorId, username: r.username!, displayName: r.displayName, isPrivate: r.isPrivate! }
      : null,
    moderationActionId: r.moderationActionId,
    reportId: r.reportId,
    copyrightClaimId: r.copyrightClaimId,
    post: r.postId ? postOf.get(r.postId)! : null,
    stream: r.streamId ? { id: r.streamId, title: r.streamTitle ?? '' } : null,
  }
}

type View = ReturnType<typeof view>

/**
 * In-app notifications. The worker makes them from the social core's domain events (a follow,
 * a follow request, a like, a repost, a reply, a mention, a quote, a followed account going live),
 * once per event and recipient,
 * never for one's own acts, for people blocked either way or muted by the recipient; undoing a
 * like or repost takes its notification back. Each new one is pushed live to the recipient's
 * connections. Lists apply blocks, mutes and the post's visibility at read time; groups ("12
 * people liked your post") are computed from the rows, not stored.
 */
export class NotificationService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly reader: PostReader,
    private readonly live: LivePublisher,
    private readonly actors: ActorClient,
    private readonly log: Logger,
    readonly dispatcher: NotificationDispatcher,
  ) {}

  /** Keeps the recipient's UserActor's unread counter in step (it recounts when it comes to life). */
  private tellUnread(userId: string, message: { type: string } & Record<string, unknown>): void {
    void this.actors
      .tell({ kind: 'user', id: userId }, message, 10_000)
      .catch((error) => this.log.warn({ err: error, userId }, 'unread counter not updated'))
  }

  /** The worker's handler. Idempotent: a notification is keyed by its event and recipient. */
  async onEvent(event: DomainEvent): Promise<void> {
    if (await this.onModeration(event)) return
    if (event.type === 'account.security_changed') {
      const change = (event.data as { change?: string }).change ?? 'other'
      return this.security(event.subject.id, change.slice(0, 40), event.id)
    }
    const actor = event.actorId
    if (!actor) return
    const subject = event.subject.id
    const data = event.data as Record<string, string | undefined>
    switch (event.type) {
      case 'follow.requested':
        return this.make(event, actor, {
          recipient: subject,
          type: 'follow_request',
          postId: null,
          groupKey: 'follow_request',
        })
      case 'user.followed': {
        // An accepted request: the request's notification goes; the acceptance needs no other.
        const request = await this.take(subject, actor, 'follow_request')
        if (request) return
        return this.make(event, actor, {
          recipient: subject,
          type: 'follow',
          postId: null,
          groupKey: 'follow',
        })
      }
      case 'follow.rejected':
        await this.take(actor, subject, 'follow_request')
        return
      case 'post.liked':
      case 'post.reposted': {
        const type = event.type === 'post.liked' ? 'like' : 'repost'
        if (!data.authorId) return
        return this.make(event, actor, {
          recipient: data.authorId,
          type,
          postId: subject,
          groupKey: `${type}:${subject}`,
        })
      }
      case 'post.unliked':
      case 'post.unreposted':
        if (data.authorId)
          await this.take(data.authorId, actor, event.type === 'post.unliked' ? 'like' : 'repost', subject)
        return
      case 'post.replied':
      case 'post.quoted': {
        const post = event.type === 'post.replied' ? data.replyId : data.quoteId
        const recipient = await this.authorOf(subject)
        if (!post || !recipient) return
        const type = event.type === 'post.replied' ? 'reply' : 'quote'
        return this.make(event, actor, { recipient, type, postId: post, groupKey: `${type}:${post}` })
      }
      case 'post.created':
        return this.announcePost(event, actor, subject)
      case 'live.started':
        // Unlisted streams are never announced.
        if (data.visibility === 'unlisted') return
        return this.announceLive(event, actor, subject)
      case 'user.mentioned': {
        if (!data.userId) return
        // A reply that also mentions the author it answers notifies once, as a reply.
        const parent = await this.db
          .selectFrom('posts as p')
          .innerJoin('posts as parent', 'parent.id', 'p.replyToId')
          .select('parent.authorId')
          .where('p.id', '=', subject)
          .executeTakeFirst()
        if (parent?.authorId === data.userId) return
        return this.make(event, actor, {
          recipient: data.userId,
          type: 'mention',
          postId: subject,
          groupKey: `mention:${subject}`,
        })
      }
    }
  }

  /**
   * Moderation's events: an action taken, reversed or appealed tells its target; a case resolved
   * tells each reporter (their report, never the other party). True when the event was one.
   */
  private async onModeration(event: DomainEvent): Promise<boolean> {
    const data = event.data as { userId?: string; reports?: { id: string; reporterId: string }[] }
    switch (event.type) {
      case 'moderation.actioned':
      case 'moderation.reversed':
      case 'appeal.decided':
        if (data.userId) await this.moderation(data.userId, { actionId: event.subject.id }, event.id)
        return true
      case 'moderation.case_resolved':
        for (const r of data.reports ?? []) await this.moderation(r.reporterId, { reportId: r.id }, event.id)
        return true
    }
    // A copyright claim made or decided tells its uploader and its holder; a dispute, the holder.
    if (event.type.startsWith('copyright.')) {
      const parties = event.data as { uploaderId?: string; holderId?: string }
      const to =
        event.type === 'copyright.disputed' ? [parties.holderId] : [parties.uploaderId, parties.holderId]
      for (const recipient of to)
        if (recipient && recipient !== event.actorId)
          await this.moderation(recipient, { copyrightClaimId: event.subject.id }, event.id)
      return true
    }
    return false
  }

  private async authorOf(postId: string): Promise<string | undefined> {
    return (await this.db.selectFrom('posts').select('authorId').where('id', '=', postId).executeTakeFirst())
      ?.authorId
  }

  private async make(event: DomainEvent, actor: string, n: Made): Promise<void> {
    if (n.recipient === actor) return
    await this.notify({
      type: n.type,
      recipients: [n.recipient],
      actorId: actor,
      eventId: event.id,
      groupKey: n.groupKey,
      postId: n.postId,
      occurredAt: new Date(event.occurredAt),
    })
  }

  /**
   * Makes a notice's in-app notifications and its outbound deliveries, for every recipient its
   * settings allow (from whom, blocks, mutes); strangers' notices to an account that filters them
   * are held in its requests (made read, so that they count nowhere) and go to no channel. Any
   * system may call it with a type of the registry. Idempotent: keyed by event and recipient.
   */
  async notify(
    notice: Notice & { moderationActionId?: string; reportId?: string; copyrightClaimId?: string },
  ): Promise<void> {
    const audience = await this.dispatcher.audience(notice.type, notice.actorId, notice.recipients)
    const inApp = audience.decisions.filter((d) => d.allowed && d.inApp)
    const made = new Map<string, string>()
    if (inApp.length) {
      const at = notice.occurredAt ?? new Date()
      const inserted = await sql<{ id: string; userId: string; filtered: boolean }>`
        insert into notifications (id, user_id, type, actor_id, post_id, stream_id, moderation_action_id,
          report_id, copyright_claim_id, group_key, event_id, created_at, filtered, read_at)
        select r.id, r.user_id, ${notice.type}, ${notice.actorId}, ${notice.postId ?? null}, ${notice.streamId ?? null},
          ${notice.moderationActionId ?? null}, ${notice.reportId ?? null}, ${notice.copyrightClaimId ?? null},
          ${notice.groupKey}, ${notice.eventId},
          ${at}, r.filtered, case when r.filtered then now() end
        from unnest(${inApp.map(() => newId())}::uuid[], ${inApp.map((d) => d.userId)}::uuid[],
          ${inApp.map((d) => String(d.filtered))}::text[]::boolean[]) as r (id, user_id, filtered)
        where (${notice.postId ?? null}::uuid is null or exists (select 1 from posts where id = ${notice.postId ?? null}))
          and (${notice.streamId ?? null}::uuid is null
            or exists (select 1 from live_streams where id = ${notice.streamId ?? null} and deleted_at is null))
        on conflict (event_id, user_id) do nothing
        returning id, user_id as "userId", filtered`.execute(this.db)
      for (const { id, userId } of inserted.rows) made.set(userId, id)
      const shown = inserted.rows.filter((r) => !r.filtered)
      const views = await this.viewsOfEach(shown.map((r) => r.id))
      for (const { id, userId } of shown) {
        const view = views.get(id)
        if (view) this.live.publish(`user:${userId}`, 'notification', view)
        this.tellUnread(userId, { type: 'notification.created', id })
      }
    }
    await this.dispatcher.deliver(notice, audience, made)
  }

  /**
   * A followed account went live: a notification to each follower (in batches; blocked and muting
   * followers left out), pushed to their connections. Idempotent like `make`.
   */
  private async announceLive(event: DomainEvent, actor: string, streamId: string): Promise<void> {
    const live = await this.db
      .selectFrom('liveStreams')
      .select('id')
      .where('id', '=', streamId)
      .where('deletedAt', 'is', null)
      .executeTakeFirst()
    if (!live) return
    await this.toFollowers(actor, (recipients) =>
      this.notify({
        type: 'live_started',
        recipients,
        actorId: actor,
        eventId: event.id,
        groupKey: `live_started:${streamId}`,
        streamId,
        occurredAt: new Date(event.occurredAt),
      }),
    )
  }

  /**
   * A followed account posted (a top-level post others may see): the followers who turned the
   * `post` type on hear of it (it is off by default).
   */
  private async announcePost(event: DomainEvent, actor: string, postId: string): Promise<void> {
    const post = await this.db
      .selectFrom('posts')
      .select(['id', 'replyToId', 'visibility'])
      .where('id', '=', postId)
      .executeTakeFirst()
    if (!post || post.replyToId || post.visibility === 'direct') return
    await this.toFollowers(
      actor,
      (recipients) =>
        this.notify({
          type: 'post',
          recipients,
          actorId: actor,
          eventId: event.id,
          groupKey: `post:${postId}`,
          postId,
          occurredAt: new Date(event.occurredAt),
        }),
      'post',
    )
  }

  /** Calls `fn` with the followers of `actor` a thousand at a time (those who turned `type` on only). */
  private async toFollowers(actor: string, fn: (ids: string[]) => Promise<void>, optIn?: string) {
    const BATCH = 1000
    let after = '00000000-0000-0000-0000-000000000000'
    for (;;) {
      let q = this.db
        .selectFrom('follows as f')
        .select('f.followerId')
        .where('f.followeeId', '=', actor)
        .where('f.followerId', '>', after)
        .orderBy('f.followerId')
        .limit(BATCH)
      if (optIn)
        q = q.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('notificationPreferences as p')
              .select('p.userId')
              .whereRef('p.userId', '=', 'f.followerId')
              .where('p.type', '=', optIn)
              .where(
                sql<boolean>`exists (select 1 from jsonb_each(p.channels) c where c.value = 'true'::jsonb)`,
              ),
          ),
        )
      const followers = await q.execute()
      if (followers.length === 0) return
      after = followers.at(-1)!.followerId
      await fn(followers.map((f) => f.followerId))
      if (followers.length < BATCH) return
    }
  }

  /**
   * Tells `recipient` of a moderation action on their account or content (its statement of
   * reasons: GET /v1/moderation/actions/{id}), or of the outcome of their report (GET
   * /v1/reports/{id}); once per event.
   */
  private async moderation(
    recipient: string,
    about: { actionId?: string; reportId?: string; copyrightClaimId?: string },
    eventId: string,
  ): Promise<void> {
    await this.notify({
      type: about.copyrightClaimId ? 'copyright' : 'moderation',
      recipients: [recipient],
      actorId: null,
      eventId,
      groupKey: `moderation:${eventId}`,
      moderationActionId: about.actionId,
      reportId: about.reportId,
      copyrightClaimId: about.copyrightClaimId,
    })
  }

  /**
   * A security notice (a new sign-in, a password or two-factor change, as auth's
   * `account.security_changed` names it): urgent, on every channel it may use; what it says is the
   * security type's `changes` in the recipient's locale.
   */
  async security(userId: string, change: string, eventId: string = newId()): Promise<void> {
    await this.notify({
      type: 'security',
      recipients: [userId],
      actorId: null,
      eventId,
      groupKey: `security:${eventId}`,
      data: { change },
    })
  }

  /** Removes a notification that no longer holds (an unliked like, an answered follow request). */
  private async take(recipient: string, actor: string, type: string, postId?: string) {
    let query = this.db
      .deleteFrom('notifications')
      .where('userId', '=', recipient)
      .where('actorId', '=', actor)
      .where('type', '=', type)
    if (postId) query = query.where('postId', '=', postId)
    const removed = await query.returning('readAt').execute()
    if (removed.some((r) => r.readAt === null)) this.tellUnread(recipient, { type: 'notifications.removed' })
    return removed.length > 0
  }

  /** `viewer`'s notifications (or, with `sql.ref('n.user_id')`, every recipient's own), as they may see them. */
  private rows(viewer: ViewerRef, filtered = false) {
    return this.db
      .selectFrom('notifications as n')
      .leftJoin('users as a', 'a.id', 'n.actorId')
      .leftJoin('liveStreams as ls', 'ls.id', 'n.streamId')
      .select([
        'n.id',
        'n.type',
        'n.actorId',
        'n.postId',
        'n.streamId',
        'ls.title as streamTitle',
        'n.moderationActionId',
        'n.reportId',
        'n.copyrightClaimId',
        'n.createdAt',
        'n.readAt',
        'a.username',
        'a.displayName',
        'a.isPrivate',
      ])
      .where(sql<boolean>`n.user_id = ${viewer}`)
      .where('n.filtered', '=', filtered)
      .where((eb) => eb.or([eb('n.actorId', 'is', null), eb('a.status', '!=', 'banned')]))
      .where(notBlockedWith(viewer, 'n.actor_id'))
      .where(notMutedBy(viewer, 'n.actor_id'))
  }

  /** Rows as the API shows them; a notification about a post the viewer can no longer see is left out. */
  private async views(viewer: string, rows: Row[]) {
    const postIds = [...new Set(rows.flatMap((r) => (r.postId ? [r.postId] : [])))]
    const posts = await this.reader.visible(viewer, postIds)
    const postOf = new Map<string, PostView>(posts.map((p) => [p.id, p]))
    return rows.filter((r) => !r.postId || postOf.has(r.postId)).map((r) => view(r, postOf))
  }

  /**
   * Notifications just made (by id), each as its recipient sees it, as `views` would show them
   * one recipient at a time, but in a few queries for all: a notice to a thousand followers.
   */
  private async viewsOfEach(ids: string[]): Promise<Map<string, View>> {
    const out = new Map<string, View>()
    if (ids.length === 0) return out
    const rows = await this.rows(sql.ref('n.user_id')).select('n.userId').where('n.id', 'in', ids).execute()
    const byPost = new Map<string, string[]>()
    for (const r of rows) {
      if (!r.postId) continue
      const viewers = byPost.get(r.postId)
      if (viewers) viewers.push(r.userId)
      else byPost.set(r.postId, [r.userId])
    }
    const seen = new Map<string, Map<string, PostView>>()
    for (const [postId, viewers] of byPost) seen.set(postId, await this.reader.visibleToEach(viewers, postId))
    for (const r of rows) {
      if (!r.postId) {
        out.set(r.id, view(r, new Map()))
        continue
      }
      const post = seen.get(r.postId)?.get(r.userId)
      if (post) out.set(r.id, view(r, new Map([[r.postId, post]])))
    }
    return out
  }

  async list(viewer: string, types: string[] | undefined, limit: number, cursor?: string) {
    let query = this.rows(viewer)
    if (types) query = query.where('n.type', 'in', types)
    const rows = await query.$call(newestFirst('n.createdAt', 'n.id', decodeCursor(cursor), limit)).execute()
    const { items, nextCursor } = page(
      rows,
      limit,
      (r) => ({ at: r.createdAt, id: r.id }),
      (r) => r,
    )
    return { items: await this.views(viewer, items), nextCursor }
  }

  /**
   * Notifications grouped by what they are about (all likes of one post, all new followers...),
   * newest group first, each with its count, its three latest actors and whether any is unread.
   * Groups span the last 30 days.
   */
  async groups(viewer: string, types: string[] | undefined, limit: number, cursor?: string) {
    const after = decodeCursor(cursor)
    const rows = await sql<{
      groupKey: string
      type: string
      postId: string | null
      count: string
      latestAt: Date
      latestId: string
      unread: boolean
      /** Without the platform's null: postgres.js reads a null of a uuid[] as the text "NULL". */
      actorIds: string[]
    }>`select n.group_key, n.type, n.post_id, count(*) as count, max(n.created_at) as latest_at,
        (array_agg(n.id order by n.created_at desc, n.id desc))[1] as latest_id,
        bool_or(n.read_at is null) as unread,
        coalesce((array_agg(n.actor_id order by n.created_at desc, n.id desc) filter (where n.actor_id is not null))[1:3],
          '{}') as actor_ids
      from notifications n left join users a on a.id = n.actor_id
      where n.user_id = ${viewer} and not n.filtered and n.created_at > now() - interval '30 days' and (a.id is null or a.status <> 'banned')
        and ${notBlockedWith(viewer, 'n.actor_id')} and ${notMutedBy(viewer, 'n.actor_id')}
        ${types ? sql`and n.type in (${sql.join(types)})` : sql``}
      group by n.group_key, n.type, n.post_id
      having ${after ? sql`(max(n.created_at), (array_agg(n.id order by n.created_at desc, n.id desc))[1]) < (${after.at}, ${after.id})` : sql`true`}
      order by latest_at desc, latest_id desc
      limit ${limit + 1}`.execute(this.db)
    const groups = rows.rows.slice(0, limit)
    const actorIds = [...new Set(groups.flatMap((g) => g.actorIds))]
    const actors = actorIds.length
      ? await this.db
          .selectFrom('users')
          .select(['id', 'username', 'displayName', 'isPrivate'])
          .where('id', 'in', actorIds)
          .execute()
      : []
    const actorOf = new Map(actors.map((a) => [a.id, a]))
    const postIds = [...new Set(groups.flatMap((g) => (g.postId ? [g.postId] : [])))]
    const postOf = new Map((await this.reader.visible(viewer, postIds)).map((p) => [p.id, p]))
    const last = groups.at(-1)
    return {
      items: groups
        .filter((g) => !g.postId || postOf.has(g.postId))
        .map((g) => ({
          key: g.groupKey,
          type: g.type,
          count: Number(g.count),
          latestAt: g.latestAt.toISOString(),
          unread: g.unread,
          actors: g.actorIds.flatMap((id) => (actorOf.has(id) ? [actorOf.get(id)!] : [])),
          post: g.postId ? postOf.get(g.postId)! : null,
        })),
      nextCursor:
        rows.rows.length > limit && last ? encodeCursor({ at: last.latestAt, id: last.latestId }) : null,
    }
  }

  async unreadCount(viewer: string): Promise<number> {
    const row = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('userId', '=', viewer)
      .where('readAt', 'is', null)
      .where('filtered', '=', false)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  /** Marks some (by id) or all of the viewer's notifications read; tells their other connections. */
  async markRead(viewer: string, input: { ids?: string[]; all?: boolean }): Promise<number> {
    if (!input.all && !input.ids?.length)
      throw new HttpError(problems.validation, 'body: give "ids" or "all": true', {
        errors: [{ field: 'body.ids', message: 'give ids, or all: true' }],
      })
    let query = this.db
      .updateTable('notifications')
      .set({ readAt: new Date() })
      .where('userId', '=', viewer)
      .where('readAt', 'is', null)
    if (!input.all) query = query.where('id', 'in', input.ids!)
    await query.execute()
    const unread = await this.unreadCount(viewer)
    this.live.publish(`user:${viewer}`, 'notifications.read', { unreadCount: unread })
    this.tellUnread(viewer, { type: 'notifications.read', unreadCount: unread })
    return unread
  }

  /** Notifications held from strangers (the account filters them), newest first. */
  async requests(viewer: string, limit: number, cursor?: string) {
    const rows = await this.rows(viewer, true)
      .$call(newestFirst('n.createdAt', 'n.id', decodeCursor(cursor), limit))
      .execute()
    const { items, nextCursor } = page(
      rows,
      limit,
      (r) => ({ at: r.createdAt, id: r.id }),
      (r) => r,
    )
    return { items: await this.views(viewer, items), nextCursor }
  }

  /**
   * Accepts a stranger's notifications: the held ones join the list (unread) and theirs are no
   * longer filtered; or dismisses them (deleted). 404 when nothing of theirs is held.
   */
  async answerRequest(viewer: string, actorId: string, accept: boolean): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const held = accept
        ? await trx
            .updateTable('notifications')
            .set({ filtered: false, readAt: null })
            .where('userId', '=', viewer)
            .where('actorId', '=', actorId)
            .where('filtered', '=', true)
            .returning('id')
            .execute()
        : await trx
            .deleteFrom('notifications')
            .where('userId', '=', viewer)
            .where('actorId', '=', actorId)
            .where('filtered', '=', true)
            .returning('id')
            .execute()
      if (held.length === 0)
        throw new HttpError(problems.notFound, 'No notifications of this account are held')
      if (accept) {
        await trx
          .insertInto('notificationRequestAccepts')
          .values({ userId: viewer, actorId })
          .onConflict((oc) => oc.doNothing())
          .execute()
        this.tellUnread(viewer, { type: 'notifications.removed' })
      }
      return held.length
    })
  }
}
