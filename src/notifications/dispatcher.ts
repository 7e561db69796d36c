import { createHash } from 'node:crypto'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { JobQueue } from '../jobs/queue.ts'
import { type JobHandler, RetryLater } from '../jobs/runner.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import { newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import { blockedBetween, mutedBy } from '../users/queries.ts'
import type { Channel, Content, Delivery, Outcome } from './channels/channel.ts'
import {
  CHANNELS,
  type ChannelName,
  type FromWhom,
  type NotificationTypeDef,
  type NotificationTypes,
  type PreferenceChannel,
  pickLocale,
  render,
} from './registry.ts'

/** Now, movable in tests (quiet hours, digests): `offsetMs` is added to the real time. */
export class Clock {
  offsetMs = 0
  now(): Date {
    return new Date(Date.now() + this.offsetMs)
  }
}

export const DELIVER_JOB = 'notifications.deliver'
const JOB_BATCH = 200
const INSERT_BATCH = 1000

/** Something to tell some accounts: one notification of one type, from one actor (or the platform). */
export interface Notice {
  type: string
  recipients: string[]
  actorId: string | null
  /** The domain event it comes from: handling it twice delivers once. */
  eventId: string
  groupKey: string
  postId?: string | null
  streamId?: string | null
  data?: Record<string, string>
  occurredAt?: Date
}

/** What the recipient's settings say about one notice. */
export interface Decision {
  userId: string
  /** Made at all (from whom, blocks, mutes). */
  allowed: boolean
  /** Held in the requests list: from someone the recipient does not follow, who filters strangers. */
  filtered: boolean
  inApp: boolean
}

interface AudienceRow {
  id: string
  email: string
  emailVerified: boolean
  timeZone: string
  locale: string
  filterStrangers: boolean | null
  quietStart: number | null
  quietEnd: number | null
  emailOff: boolean | null
  /** As text: the query builder would rename the keys (web_push) of a jsonb object. */
  channelsText: string | null
  channels?: Record<string, boolean> | null
  fromWhom: string | null
  phone: string | null
  phoneVerified: boolean
  followsActor: boolean
  followedByActor: boolean
  accepted: boolean
  excluded: boolean
}

export interface DispatchOptions {
  publicUrl: string
  /** Deliveries per account, channel and hour (urgent ones pass). */
  capsPerHour: Record<ChannelName, number>
  groupWindowSeconds: number
}

/**
 * Turns notices into deliveries. For each recipient it applies "from whom", the strangers filter,
 * the type × channel preferences (the type's defaults otherwise), the channel's targets (address,
 * subscriptions, devices, verified number), caps, quiet hours (deferred, urgent ones pass),
 * grouping (a grouped push replaces the earlier one; one e-mail per group and window) and expiry;
 * then writes a row per delivery (deduplicated by event, recipient, channel and target) and queues
 * `notifications.deliver` jobs for them in the same transaction. The job system runs them, with
 * retries and back-off; the rows track each one to its outcome.
 */
export class NotificationDispatcher {
  readonly clock = new Clock()
  private readonly channels = new Map<ChannelName, Channel>()
  private readonly warned = new Set<string>()

  constructor(
    private readonly db: Kysely<DB>,
    private readonly jobs: JobQueue,
    readonly types: NotificationTypes,
    channels: Channel[],
    private readonly opts: DispatchOptions,
    private readonly log: Logger,
  ) {
    for (const c of channels) this.channels.set(c.name, c)
  }

  channel(name: ChannelName): Channel {
    return this.channels.get(name)!
  }

  /** What each recipient's settings say about a notice of `type` from `actorId`. */
  async audience(type: string, actorId: string | null, recipients: string[]) {
    const def = this.types.get(type)
    const rows = await this.audienceRows(type, actorId, recipients)
    const decisions = rows.map((r) => decide(def, actorId, r))
    return { def, rows, decisions }
  }

  private async audienceRows(type: string, actor: string | null, ids: string[]): Promise<AudienceRow[]> {
    if (ids.length === 0) return []
    const a = actor
    const rows = await sql<AudienceRow>`
      select u.id, u.email, u.email_verified_at is not null as "emailVerified", u.time_zone as "timeZone", u.locale,
        s.filter_strangers as "filterStrangers", s.quiet_start as "quietStart", s.quiet_end as "quietEnd",
        s.email_off as "emailOff", p.channels::text as "channelsText", p.from_whom as "fromWhom",
        ph.phone, ph.verified_at is not null as "phoneVerified",
        ${a ? sql`exists (select 1 from follows f where f.follower_id = u.id and f.followee_id = ${a})` : sql`false`} as "followsActor",
        ${a ? sql`exists (select 1 from follows f where f.follower_id = ${a} and f.followee_id = u.id)` : sql`false`} as "followedByActor",
        ${a ? sql`exists (select 1 from notification_request_accepts ra where ra.user_id = u.id and ra.actor_id = ${a})` : sql`false`} as accepted,
        ${a ? sql`(${blockedBetween(sql.ref('u.id'), a)} or ${mutedBy(sql.ref('u.id'), a)})` : sql`false`} as excluded
      from unnest(${ids}::uuid[]) as r (id)
      join users u on u.id = r.id and u.status <> 'banned'
      left join notification_settings s on s.user_id = u.id
      left join notification_preferences p on p.user_id = u.id and p.type = ${type}
      left join user_phones ph on ph.user_id = u.id`.execute(this.db)
    for (const r of rows.rows) r.channels = r.channelsText ? JSON.parse(r.channelsText) : null
    return rows.rows
  }

  /**
   * Plans and queues the outbound deliveries of a notice for the recipients it is allowed to reach
   * and not filtered for. `inApp` maps a recipient to their in-app notification's id, when made.
   */
  async deliver(
    notice: Notice,
    audience: { def: NotificationTypeDef; rows: AudienceRow[]; decisions: Decision[] },
    inApp: Map<string, string> = new Map(),
  ): Promise<number> {
    const { def, rows, decisions } = audience
    const now = this.clock.now()
    const reach = rows.filter((_, i) => decisions[i]!.allowed && !decisions[i]!.filtered)
    if (reach.length === 0) return 0
    const wants = (r: AudienceRow, ch: PreferenceChannel) => r.channels?.[ch] ?? def.defaults[ch]
    const ids = (ch: ChannelName) => reach.filter((r) => wants(r, ch)).map((r) => r.id)
    const [subs, devices] = await Promise.all([
      this.targets('pushSubscriptions', ids('web_push')),
      this.targets('devices', ids('mobile_push')),
    ])
    const recent = def.urgent ? new Map<string, number>() : await this.recentCounts(reach.map((r) => r.id))
    const contentIn = await this.content(notice, def, reach.length === 1 ? reach[0]!.id : undefined)
    const occurred = notice.occurredAt ?? now
    const expiresAt = new Date(occurred.getTime() + def.ttlSeconds * 1000)
    const collapsedEmail =
      def.groups && reach.length === 1 && contentIn(reach[0]!.locale).count > 1
        ? await this.recentGroupEmail(reach[0]!.id, notice.groupKey, now)
        : false
    type Planned = {
      id: string
      notificationId: string | null
      userId: string
      type: string
      channel: ChannelName
      state: string
      reason: string | null
      dedupKey: string
      groupKey: string
      urgent: boolean
      expiresAt: Date
      runAfter: Date | null
      targetId: string | null
      content: Content
    }
    const planned: Planned[] = []
    for (const r of reach) {
      const targets: [ChannelName, string][] = []
      if (wants(r, 'email') && !r.emailOff && r.emailVerified) targets.push(['email', r.email])
      for (const s of subs.get(r.id) ?? []) targets.push(['web_push', s])
      for (const d of devices.get(r.id) ?? []) targets.push(['mobile_push', d])
      if (wants(r, 'sms') && r.phone && r.phoneVerified) targets.push(['sms', r.phone])
      const perChannel = new Map<ChannelName, number>()
      const content = targets.length ? contentIn(r.locale) : undefined
      for (const [channel, target] of targets) {
        let state = 'queued'
        let reason: string | null = null
        let runAfter: Date | null = null
        const sent = (recent.get(`${r.id}:${channel}`) ?? 0) + (perChannel.get(channel) ?? 0)
        const ready = this.channels.get(channel)!
        if (ready.notConfigured) {
          state = 'skipped'
          reason = 'not_configured'
          if (!this.warned.has(channel)) {
            this.warned.add(channel)
            this.log.warn({ channel }, ready.notConfigured)
          }
        } else if (!def.urgent && sent >= this.opts.capsPerHour[channel]) {
          state = 'skipped'
          reason = 'capped'
        } else if (channel === 'email' && collapsedEmail) {
          state = 'skipped'
          reason = 'collapsed'
        } else if (channel !== 'email' && !def.urgent) {
          const end = quietEnd(now, r.timeZone, r.quietStart, r.quietEnd)
          if (end) {
            state = 'deferred'
            runAfter = end
          }
        }
        if (state === 'queued' || state === 'deferred')
          perChannel.set(channel, (perChannel.get(channel) ?? 0) + 1)
        planned.push({
          id: newId(),
          notificationId: inApp.get(r.id) ?? null,
          userId: r.id,
          type: def.type,
          channel,
          state,
          reason,
          dedupKey: `${notice.eventId}:${r.id}:${channel}:${target}`,
          groupKey: notice.groupKey,
          urgent: def.urgent ?? false,
          expiresAt,
          runAfter,
          targetId: target,
          content: content!,
        })
      }
    }
    if (planned.length === 0) return 0
    let queued = 0
    // Recipients of one locale share a content: serialised once.
    const json = new Map<Content, string>()
    const jsonOf = (c: Content) => {
      let text = json.get(c)
      if (text === undefined) {
        text = JSON.stringify(c)
        json.set(c, text)
      }
      return text
    }
    await this.db.transaction().execute(async (trx) => {
      const made: { id: string; channel: string; state: string }[] = []
      for (let i = 0; i < planned.length; i += INSERT_BATCH) {
        const chunk = planned.slice(i, i + INSERT_BATCH)
        made.push(
          ...(await trx
            .insertInto('notificationDeliveries')
            .values(
              chunk.map((p) => ({
                ...p,
                content: sql<Json>`${jsonOf(p.content)}::text::jsonb`,
              })),
            )
            .onConflict((oc) => oc.column('dedupKey').doNothing())
            .returning(['id', 'channel', 'state'])
            .execute()),
        )
      }
      queued = await this.enqueue(
        trx,
        made.filter((m) => m.state === 'queued'),
      )
    })
    return queued
  }

  /** Jobs for queued deliveries, a batch of one channel each; returns how many deliveries. */
  private async enqueue(trx: Transaction<DB>, rows: { id: string; channel: string }[]): Promise<number> {
    const byChannel = new Map<string, string[]>()
    for (const r of rows) {
      const ids = byChannel.get(r.channel)
      if (ids) ids.push(r.id)
      else byChannel.set(r.channel, [r.id])
    }
    for (const [channel, ids] of byChannel) {
      for (let i = 0; i < ids.length; i += JOB_BATCH) {
        const batch = ids.slice(i, i + JOB_BATCH)
        const jobId = await this.jobs.enqueue(trx, {
          kind: DELIVER_JOB,
          payload: { channel, ids: batch },
          maxAttempts: 6,
        })
        await trx.updateTable('notificationDeliveries').set({ jobId }).where('id', 'in', batch).execute()
      }
    }
    return rows.length
  }

  /** Per recipient: subscription or device ids. */
  private async targets(table: 'pushSubscriptions' | 'devices', userIds: string[]) {
    const map = new Map<string, string[]>()
    if (userIds.length === 0) return map
    const rows = await this.db
      .selectFrom(table)
      .select(['id', 'userId'])
      .where(sql<boolean>`user_id = any(${userIds}::uuid[])`)
      .execute()
    for (const r of rows) {
      const ids = map.get(r.userId)
      if (ids) ids.push(r.id)
      else map.set(r.userId, [r.id])
    }
    return map
  }

  /** Deliveries that count against the caps: per `user:channel`, in the last hour. */
  private async recentCounts(userIds: string[]): Promise<Map<string, number>> {
    const since = new Date(this.clock.now().getTime() - 3_600_000)
    const rows = await sql<{ userId: string; channel: string; n: string }>`
      select user_id as "userId", channel, count(*) as n from notification_deliveries
      where user_id = any(${userIds}::uuid[]) and created_at > ${since}
        and state in ('queued', 'deferred', 'sent', 'delivered', 'opened') and not urgent
      group by 1, 2`.execute(this.db)
    return new Map(rows.rows.map((r) => [`${r.userId}:${r.channel}`, Number(r.n)]))
  }

  private async recentGroupEmail(userId: string, groupKey: string, now: Date): Promise<boolean> {
    const since = new Date(now.getTime() - this.opts.groupWindowSeconds * 1000)
    const row = await this.db
      .selectFrom('notificationDeliveries')
      .select('id')
      .where('userId', '=', userId)
      .where('channel', '=', 'email')
      .where('groupKey', '=', groupKey)
      .where('createdAt', '>', since)
      .where('state', 'in', ['queued', 'sent', 'delivered', 'opened'])
      .executeTakeFirst()
    return row !== undefined
  }

  /**
   * The content in a locale (rendered once per locale of the notice's recipients); grouped types
   * of a single recipient count their group in the window.
   */
  private async content(
    notice: Notice,
    def: NotificationTypeDef,
    single: string | undefined,
  ): Promise<(locale: string) => Content> {
    const [actor, post, stream, count] = await Promise.all([
      notice.actorId
        ? this.db
            .selectFrom('users')
            .select(['username', 'displayName'])
            .where('id', '=', notice.actorId)
            .executeTakeFirst()
        : undefined,
      notice.postId
        ? this.db
            .selectFrom('posts')
            .select(['id', 'text', 'audience'])
            .where('id', '=', notice.postId)
            .executeTakeFirst()
        : undefined,
      notice.streamId
        ? this.db
            .selectFrom('liveStreams')
            .select(['id', 'title'])
            .where('id', '=', notice.streamId)
            .executeTakeFirst()
        : undefined,
      def.groups && single ? this.groupCount(single, notice.groupKey) : 1,
    ])
    const input = {
      actor: actor ?? null,
      count,
      // A post for subscribers says nothing of itself outside the app (mails, pushes, texts are
      // made once for all recipients, whoever subscribes): the app shows it to those entitled.
      post: post ? { id: post.id, text: post.audience === 'public' ? (post.text ?? '') : '' } : null,
      stream: stream ? { id: stream.id, title: stream.title ?? '' } : null,
      data: notice.data ?? {},
    }
    const topic = def.groups ? topicOf(notice.groupKey) : null
    const made = new Map<string, Content>()
    const locales = Object.keys(def.strings)
    return (locale) => {
      const key = pickLocale(locale, locales)
      let content = made.get(key)
      if (!content) {
        content = {
          type: def.type,
          ...render(def, input, this.opts.publicUrl, key),
          count,
          topic,
          locale: key,
        }
        made.set(key, content)
      }
      return content
    }
  }

  private async groupCount(userId: string, groupKey: string): Promise<number> {
    const since = new Date(this.clock.now().getTime() - this.opts.groupWindowSeconds * 1000)
    const row = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('userId', '=', userId)
      .where('groupKey', '=', groupKey)
      .where('createdAt', '>', since)
      .executeTakeFirstOrThrow()
    return Math.max(1, Number(row.n))
  }

  /** Deferred deliveries whose quiet hours ended go to the queue. True when more may be due. */
  async release(limit = 500): Promise<boolean> {
    const now = this.clock.now()
    return this.db.transaction().execute(async (trx) => {
      const due = await trx
        .updateTable('notificationDeliveries')
        .set({ state: 'queued', runAfter: null, updatedAt: now })
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('notificationDeliveries')
            .select('id')
            .where('state', '=', 'deferred')
            .where('runAfter', '<=', now)
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .returning(['id', 'channel'])
        .execute()
      await this.enqueue(trx, due)
      return due.length === limit
    })
  }

  /** Queues deliveries planned elsewhere (digests) through the same jobs. */
  async queueDeliveries(trx: Transaction<DB>, rows: { id: string; channel: string }[]): Promise<void> {
    await this.enqueue(trx, rows)
  }

  /** The job that sends a batch of deliveries of one channel. */
  handler(): JobHandler<{ channel: ChannelName; ids: string[] }> {
    return {
      kind: DELIVER_JOB,
      timeoutMs: 120_000,
      run: async (job) => {
        const { channel, ids } = job.payload
        const rows = await this.db
          .selectFrom('notificationDeliveries')
          .select(['id', 'userId', 'type', 'targetId', 'content', 'urgent', 'expiresAt'])
          .where('id', 'in', ids)
          .where('state', '=', 'queued')
          .where('mailId', 'is', null)
          .execute()
        if (rows.length === 0) return null
        const now = this.clock.now()
        const outcomes = new Map<string, Outcome>()
        const live: Delivery[] = []
        const superseded = await this.superseded(
          channel,
          rows.filter((r) => (r.content as unknown as Content).topic !== null).map((r) => r.id),
        )
        for (const r of rows) {
          if (r.expiresAt && r.expiresAt <= now) outcomes.set(r.id, { state: 'skipped', reason: 'expired' })
          else if (superseded.has(r.id)) outcomes.set(r.id, { state: 'skipped', reason: 'superseded' })
          else
            live.push({
              id: r.id,
              userId: r.userId,
              type: r.type,
              targetId: r.targetId ?? '',
              content: r.content as unknown as Content,
              urgent: r.urgent,
              ttlSeconds: Math.max(
                0,
                Math.floor(((r.expiresAt?.getTime() ?? now.getTime() + 86_400_000) - now.getTime()) / 1000),
              ),
            })
        }
        const sent = await this.channel(channel).deliver(live)
        for (const [id, o] of sent) outcomes.set(id, o)
        await this.record(outcomes)
        const retry = [...outcomes.values()].filter((o) => o.state === 'retry')
        if (retry.length) {
          const message = `${retry.length} of ${rows.length} ${channel} deliveries to retry`
          // The latest time a provider asked for (Retry-After); the job's back-off otherwise.
          const after = Math.max(0, ...retry.map((o) => o.afterMs ?? 0))
          throw after > 0 ? new RetryLater(message, after) : new Error(message)
        }
        return {
          sent: [...outcomes.values()].filter((o) => o.state === 'sent' || o.state === 'mailed').length,
        }
      },
      failed: async (trx, job, error) => {
        await trx
          .updateTable('notificationDeliveries')
          .set({
            state: 'failed',
            reason: sql`coalesce(reason, ${(error as Error).message})`,
            updatedAt: new Date(),
          })
          .where('id', 'in', job.payload.ids)
          .where('state', '=', 'queued')
          .where('mailId', 'is', null)
          .execute()
      },
    }
  }

  /**
   * Of grouped deliveries not yet sent, those a newer delivery of their group to the same target
   * replaces (it says "and N others" with the newer count): a push replaces the earlier one of its
   * topic anyway, so sending the older first is a wasted push, and a burst released at the end
   * of quiet hours would otherwise wake the device once per like. E-mail groups by not sending
   * the later ones (`collapsed`), so it is left out.
   */
  private async superseded(channel: ChannelName, ids: string[]): Promise<Set<string>> {
    if (channel === 'email' || ids.length === 0) return new Set()
    const rows = await sql<{ id: string }>`
      select d.id from notification_deliveries d
      where d.id = any(${ids}::uuid[]) and d.group_key is not null and exists (
        select 1 from notification_deliveries n
        where n.user_id = d.user_id and n.channel = d.channel and n.group_key = d.group_key
          and n.target_id = d.target_id and (n.created_at, n.id) > (d.created_at, d.id)
          and n.state in ('queued', 'deferred', 'sent', 'delivered', 'opened'))`.execute(this.db)
    return new Set(rows.rows.map((r) => r.id))
  }

  /** Writes outcomes in one statement. */
  private async record(outcomes: Map<string, Outcome>): Promise<void> {
    if (outcomes.size === 0) return
    const ids: string[] = []
    const states: string[] = []
    const reasons: (string | null)[] = []
    const providers: (string | null)[] = []
    const mails: (string | null)[] = []
    for (const [id, o] of outcomes) {
      ids.push(id)
      states.push(o.state === 'mailed' || o.state === 'retry' ? 'queued' : o.state)
      reasons.push('reason' in o ? o.reason : null)
      providers.push('providerId' in o ? (o.providerId ?? null) : null)
      mails.push('mailId' in o ? o.mailId : null)
    }
    await sql`
      update notification_deliveries d set state = v.state, reason = v.reason,
        provider_id = coalesce(v.provider_id, d.provider_id), mail_id = coalesce(v.mail_id, d.mail_id),
        attempts = d.attempts + 1, updated_at = now(),
        sent_at = case when v.state = 'sent' then now() else d.sent_at end
      from unnest(${ids}::uuid[], ${states}::text[], ${reasons}::text[], ${providers}::text[], ${mails}::uuid[])
        as v (id, state, reason, provider_id, mail_id)
      where d.id = v.id and d.state = 'queued'`.execute(this.db)
  }
}

function decide(def: NotificationTypeDef, actor: string | null, r: AudienceRow): Decision {
  const from = (r.fromWhom as FromWhom | null) ?? def.fromWhom
  let allowed = !r.excluded
  if (actor && from) {
    if (from === 'nobody') allowed = false
    else if (from === 'following') allowed &&= r.followsActor
    else if (from === 'followers') allowed &&= r.followedByActor
    else if (from === 'mutuals') allowed &&= r.followsActor && r.followedByActor
  }
  // A stranger: someone the recipient does not follow (Mastodon's "people you don't follow").
  const stranger = actor !== null && !r.followsActor && !r.accepted
  return {
    userId: r.id,
    allowed,
    filtered: def.category === 'social' && stranger && (r.filterStrangers ?? false),
    inApp: r.channels?.in_app ?? def.defaults.in_app,
  }
}

/** A short, stable topic for a group (web push Topic: at most 32 URL-safe characters). */
export function topicOf(groupKey: string): string {
  return createHash('sha256').update(groupKey).digest('base64url').slice(0, 24)
}

/** Minutes of the day at `now` in `timeZone`. */
export function localMinutes(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now)
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? 0)
  const m = Number(parts.find((p) => p.type === 'minute')?.value ?? 0)
  return h * 60 + m
}

/** When the quiet hours in force at `now` end, or null outside them (start == end: none). */
export function quietEnd(now: Date, timeZone: string, start: number | null, end: number | null): Date | null {
  if (start === null || end === null || start === end) return null
  const local = localMinutes(now, timeZone)
  const inside = start < end ? local >= start && local < end : local >= start || local < end
  if (!inside) return null
  const minutes = (end - local + 1440) % 1440
  const at = new Date(now.getTime() + minutes * 60_000)
  at.setUTCSeconds(0, 0)
  return at
}

export { CHANNELS }
