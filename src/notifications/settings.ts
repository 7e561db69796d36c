import { createHash, randomInt, timingSafeEqual } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import type { DB, Json } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { isUuid, newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import type { PushEndpointGuard } from './channels/endpoints.ts'
import type { SmsChannel } from './channels/sms.ts'
import type { Links } from './keys.ts'
import {
  type FromWhom,
  type NotificationTypes,
  PREFERENCE_CHANNELS,
  type PreferenceChannel,
} from './registry.ts'

export const notificationProblems = {
  notConfigured: { status: 503, code: 'channel_not_configured', title: 'This channel is not configured' },
  badCode: { status: 422, code: 'wrong_code', title: 'The code is wrong or expired' },
  providerFailed: { status: 502, code: 'provider_failed', title: 'The provider refused the message' },
  badToken: { status: 404, code: 'bad_link', title: 'This link is not valid' },
}

const TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])
const CODE_TTL_MS = 10 * 60_000
const CODE_ATTEMPTS = 5
/**
 * Browsers (push subscriptions) and devices one account keeps; a new one past it replaces the
 * oldest. Every notification goes to each of them: without a bound, one account could make the
 * platform send thousands of requests per notification.
 */
export const MAX_TARGETS_PER_ACCOUNT = 20

export interface PreferencesInput {
  types?: Record<
    string,
    { channels?: Partial<Record<PreferenceChannel, boolean>>; fromWhom?: FromWhom | null }
  >
  filterStrangers?: boolean
  quietHours?: { start: string; end: string } | null
  digest?: { frequency?: 'off' | 'daily' | 'weekly'; hour?: number; weekday?: number }
  timeZone?: string
  locale?: string
  emailOff?: boolean
}

const hhmm = (m: number | null) =>
  m === null ? null : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
const minutesOf = (s: string) => {
  const [h, m] = s.split(':').map(Number)
  return h! * 60 + m!
}

/**
 * What each account chooses: type × channel, from whom, strangers filtered, quiet hours, digests,
 * time zone; and where it is reached: push subscriptions, devices, a verified phone number.
 */
export class NotificationSettings {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly types: NotificationTypes,
    private readonly links: Links,
    private readonly sms: SmsChannel,
    private readonly fcmReady: boolean,
    private readonly pushGuard: PushEndpointGuard,
    private readonly log: Logger,
  ) {}

  async preferences(userId: string) {
    const [prefs, settings, user] = await Promise.all([
      this.db
        .selectFrom('notificationPreferences')
        .select(['type', 'fromWhom', sql<string>`channels::text`.as('channelsText')])
        .where('userId', '=', userId)
        .execute(),
      this.db.selectFrom('notificationSettings').selectAll().where('userId', '=', userId).executeTakeFirst(),
      this.db
        .selectFrom('users')
        .leftJoin('emailSuppressions as es', (join) =>
          join.on((eb) => eb('es.address', '=', eb.fn<string>('lower', ['users.email']))),
        )
        .select(['timeZone', 'locale', 'es.reason', 'es.detail', 'es.createdAt as suppressedAt'])
        .where('users.id', '=', userId)
        .executeTakeFirstOrThrow(),
    ])
    const byType = new Map(prefs.map((p) => [p.type, p]))
    return {
      types: this.types.all().map((def) => {
        const own = byType.get(def.type)
        // Read as text: the query builder would rename the keys (web_push) of a jsonb object.
        const set = (own ? JSON.parse(own.channelsText) : {}) as Partial<Record<PreferenceChannel, boolean>>
        return {
          type: def.type,
          description: def.description,
          category: def.category,
          channels: Object.fromEntries(
            PREFERENCE_CHANNELS.map((c) => [c, set[c] ?? def.defaults[c]]),
          ) as Record<PreferenceChannel, boolean>,
          defaults: def.defaults,
          fromWhom: def.fromWhom ? ((own?.fromWhom as FromWhom | null) ?? def.fromWhom) : null,
        }
      }),
      filterStrangers: settings?.filterStrangers ?? false,
      quietHours:
        settings?.quietStart != null && settings.quietEnd != null
          ? { start: hhmm(settings.quietStart)!, end: hhmm(settings.quietEnd)! }
          : null,
      digest: {
        frequency: (settings?.digest ?? 'off') as 'off' | 'daily' | 'weekly',
        hour: settings?.digestHour ?? 8,
        weekday: settings?.digestWeekday ?? 1,
      },
      timeZone: user.timeZone,
      locale: user.locale,
      emailOff: settings?.emailOff ?? false,
      emailSuppressed: user.reason
        ? {
            reason: user.reason as 'bounce' | 'complaint' | 'manual' | 'refused',
            detail: user.detail,
            since: user.suppressedAt!.toISOString(),
          }
        : null,
    }
  }

  async update(userId: string, input: PreferencesInput) {
    const errors: { field: string; message: string }[] = []
    for (const [type, p] of Object.entries(input.types ?? {})) {
      if (!this.types.has(type))
        errors.push({ field: `body.types.${type}`, message: 'no such notification type' })
      else if (p.fromWhom && !this.types.get(type).fromWhom)
        errors.push({ field: `body.types.${type}.fromWhom`, message: 'this type has no sender to choose' })
      else if (
        p.channels?.sms &&
        this.types.get(type).category === 'social' &&
        !(await this.phoneVerified(userId))
      )
        errors.push({ field: `body.types.${type}.channels.sms`, message: 'verify a phone number first' })
    }
    if (input.timeZone !== undefined && !TIME_ZONES.has(input.timeZone))
      errors.push({ field: 'body.timeZone', message: 'an IANA time zone, e.g. Europe/Paris' })
    if (errors.length)
      throw new HttpError(problems.validation, errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
        errors,
      })
    await this.db.transaction().execute(async (trx) => {
      for (const [type, p] of Object.entries(input.types ?? {})) {
        const current = await trx
          .selectFrom('notificationPreferences')
          .select(['fromWhom', sql<string>`channels::text`.as('channelsText')])
          .where('userId', '=', userId)
          .where('type', '=', type)
          .executeTakeFirst()
        const channels = {
          ...((current ? JSON.parse(current.channelsText) : {}) as Record<string, boolean>),
          ...(p.channels ?? {}),
        }
        const fromWhom = p.fromWhom === undefined ? (current?.fromWhom ?? null) : p.fromWhom
        await trx
          .insertInto('notificationPreferences')
          .values({ userId, type, channels: sql<Json>`${JSON.stringify(channels)}::text::jsonb`, fromWhom })
          .onConflict((oc) =>
            oc.columns(['userId', 'type']).doUpdateSet({
              channels: sql<Json>`${JSON.stringify(channels)}::text::jsonb`,
              fromWhom,
            }),
          )
          .execute()
      }
      const s: Record<string, unknown> = {}
      if (input.filterStrangers !== undefined) s.filterStrangers = input.filterStrangers
      if (input.emailOff !== undefined) s.emailOff = input.emailOff
      if (input.quietHours !== undefined) {
        s.quietStart = input.quietHours ? minutesOf(input.quietHours.start) : null
        s.quietEnd = input.quietHours ? minutesOf(input.quietHours.end) : null
      }
      if (input.digest?.frequency !== undefined) s.digest = input.digest.frequency
      if (input.digest?.hour !== undefined) s.digestHour = input.digest.hour
      if (input.digest?.weekday !== undefined) s.digestWeekday = input.digest.weekday
      if (Object.keys(s).length)
        await trx
          .insertInto('notificationSettings')
          .values({ userId, ...s })
          .onConflict((oc) => oc.column('userId').doUpdateSet(s))
          .execute()
      if (input.timeZone !== undefined || input.locale !== undefined)
        await trx
          .updateTable('users')
          .set({
            ...(input.timeZone !== undefined ? { timeZone: input.timeZone } : {}),
            ...(input.locale !== undefined ? { locale: input.locale } : {}),
          })
          .where('id', '=', userId)
          .execute()
    })
    return this.preferences(userId)
  }

  checkUnsubscribe(token: string): { userId: string; type: string } {
    const found = this.links.readUnsubscribe(token)
    if (!found || (found.type !== 'all' && found.type !== 'digest' && !this.types.has(found.type)))
      throw new HttpError(notificationProblems.badToken, 'This unsubscribe link is not valid')
    return found
  }

  /** The account of a valid unsubscribe link, with its locale (the page speaks it); 404 otherwise. */
  async unsubscribeTarget(token: string): Promise<{ userId: string; type: string; locale: string }> {
    const found = this.checkUnsubscribe(token)
    const user = await this.db
      .selectFrom('users')
      .select('locale')
      .where('id', '=', found.userId)
      .executeTakeFirst()
    if (!user) throw new HttpError(notificationProblems.badToken, 'This unsubscribe link is not valid')
    return { ...found, locale: user.locale }
  }

  /** One-click unsubscribe (RFC 8058): e-mail of the token's type off (`all`: every mail; `digest`: digests). */
  async unsubscribe(token: string): Promise<{ unsubscribed: string }> {
    const found = await this.unsubscribeTarget(token)
    if (found.type === 'all' || found.type === 'digest') {
      const set = found.type === 'all' ? { emailOff: true } : { digest: 'off' }
      await this.db
        .insertInto('notificationSettings')
        .values({ userId: found.userId, ...set })
        .onConflict((oc) => oc.column('userId').doUpdateSet(set))
        .execute()
    } else await this.update(found.userId, { types: { [found.type]: { channels: { email: false } } } })
    this.log.info({ userId: found.userId, type: found.type }, 'unsubscribed from e-mail')
    return { unsubscribed: found.type }
  }

  // --- Web push subscriptions

  async subscribe(userId: string, sub: { endpoint: string; keys: { p256dh: string; auth: string } }) {
    const p256dh = Buffer.from(sub.keys.p256dh, 'base64url')
    const auth = Buffer.from(sub.keys.auth, 'base64url')
    if (p256dh.length !== 65 || p256dh[0] !== 4 || auth.length !== 16)
      throw new HttpError(problems.validation, 'keys: p256dh must be a P-256 public key, auth 16 bytes', {
        errors: [{ field: 'body.keys', message: 'the browser subscription keys (base64url)' }],
      })
    const url = URL.parse(sub.endpoint)
    if (url?.protocol !== 'https:')
      throw new HttpError(problems.validation, 'endpoint: an https URL', {
        errors: [{ field: 'body.endpoint', message: 'the push service URL (https)' }],
      })
    const refused = await this.pushGuard.refusal(sub.endpoint)
    if (refused)
      throw new HttpError(problems.validation, `endpoint: ${refused} is no push service`, {
        errors: [{ field: 'body.endpoint', message: 'the URL of a public push service' }],
      })
    const row = await this.db.transaction().execute(async (trx) => {
      const made = await trx
        .insertInto('pushSubscriptions')
        .values({ id: newId(), userId, endpoint: sub.endpoint, p256dh: sub.keys.p256dh, auth: sub.keys.auth })
        .onConflict((oc) =>
          oc.column('endpoint').doUpdateSet({ userId, p256dh: sub.keys.p256dh, auth: sub.keys.auth }),
        )
        .returning(['id', 'endpoint', 'createdAt'])
        .executeTakeFirstOrThrow()
      await keepNewest(trx, 'push_subscriptions', userId)
      return made
    })
    return { id: row.id, endpoint: row.endpoint, createdAt: row.createdAt.toISOString() }
  }

  async unsubscribePush(userId: string, endpoint: string): Promise<void> {
    const gone = await this.db
      .deleteFrom('pushSubscriptions')
      .where('userId', '=', userId)
      .where('endpoint', '=', endpoint)
      .returning('id')
      .executeTakeFirst()
    if (!gone) throw new HttpError(problems.notFound, 'No such subscription of yours')
  }

  // --- Devices (FCM)

  async addDevice(
    userId: string,
    d: { token: string; platform: 'android' | 'ios' | 'web'; appVersion?: string },
  ) {
    if (!this.fcmReady)
      throw new HttpError(notificationProblems.notConfigured, 'Mobile push is not configured on this server')
    const row = await this.db.transaction().execute(async (trx) => {
      const made = await trx
        .insertInto('devices')
        .values({
          id: newId(),
          userId,
          token: d.token,
          platform: d.platform,
          appVersion: d.appVersion ?? null,
        })
        .onConflict((oc) =>
          oc.column('token').doUpdateSet({ userId, platform: d.platform, appVersion: d.appVersion ?? null }),
        )
        .returning(['id', 'platform', 'appVersion', 'createdAt'])
        .executeTakeFirstOrThrow()
      await keepNewest(trx, 'devices', userId)
      return made
    })
    return { ...row, createdAt: row.createdAt.toISOString() }
  }

  async removeDevice(userId: string, id: string): Promise<void> {
    const gone = await this.db
      .deleteFrom('devices')
      .where('id', '=', id)
      .where('userId', '=', userId)
      .returning('id')
      .executeTakeFirst()
    if (!gone) throw new HttpError(problems.notFound, 'No such device of yours')
  }

  // --- Phone

  private async phoneVerified(userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('userPhones')
      .select('verifiedAt')
      .where('userId', '=', userId)
      .executeTakeFirst()
    return Boolean(row?.verifiedAt)
  }

  private hash(userId: string, phone: string, code: string): string {
    return createHash('sha256').update(`${userId}:${phone}:${code}`).digest('base64url')
  }

  /** Sends a six-digit code to `phone` (E.164); the number is used once the code comes back. */
  async startPhone(userId: string, phone: string): Promise<{ phone: string; expiresAt: string }> {
    if (this.sms.notConfigured)
      throw new HttpError(notificationProblems.notConfigured, this.sms.notConfigured)
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
    const expiresAt = new Date(Date.now() + CODE_TTL_MS)
    await this.db
      .insertInto('userPhones')
      .values({ userId, phone, codeHash: this.hash(userId, phone, code), codeExpiresAt: expiresAt })
      .onConflict((oc) =>
        oc.column('userId').doUpdateSet({
          phone,
          verifiedAt: null,
          codeHash: this.hash(userId, phone, code),
          codeExpiresAt: expiresAt,
          codeAttempts: 0,
        }),
      )
      .execute()
    try {
      await this.sms.sendText(
        phone,
        `Your SocialFlow verification code is ${code}. It expires in 10 minutes.`,
      )
    } catch (error) {
      this.log.warn({ err: error, userId }, 'verification code not sent')
      throw new HttpError(
        notificationProblems.providerFailed,
        `The code could not be sent: ${(error as Error).message}`,
      )
    }
    return { phone, expiresAt: expiresAt.toISOString() }
  }

  async verifyPhone(userId: string, code: string): Promise<{ phone: string; verified: true }> {
    const row = await this.db
      .selectFrom('userPhones')
      .selectAll()
      .where('userId', '=', userId)
      .executeTakeFirst()
    if (
      !row?.codeHash ||
      !row.codeExpiresAt ||
      row.codeExpiresAt < new Date() ||
      row.codeAttempts >= CODE_ATTEMPTS
    )
      throw new HttpError(notificationProblems.badCode, 'No code is waiting: ask for a new one')
    const want = Buffer.from(row.codeHash)
    const got = Buffer.from(this.hash(userId, row.phone, code))
    if (want.length !== got.length || !timingSafeEqual(want, got)) {
      await this.db
        .updateTable('userPhones')
        .set({ codeAttempts: sql`code_attempts + 1` })
        .where('userId', '=', userId)
        .execute()
      throw new HttpError(notificationProblems.badCode, 'The code is wrong')
    }
    await this.db
      .updateTable('userPhones')
      .set({ verifiedAt: new Date(), codeHash: null, codeExpiresAt: null, codeAttempts: 0 })
      .where('userId', '=', userId)
      .execute()
    return { phone: row.phone, verified: true }
  }

  async removePhone(userId: string): Promise<void> {
    const gone = await this.db
      .deleteFrom('userPhones')
      .where('userId', '=', userId)
      .returning('userId')
      .executeTakeFirst()
    if (!gone) throw new HttpError(problems.notFound, 'No phone number')
  }

  // --- Tracking

  /** A tracked link was followed: the delivery is opened; answers where to go. */
  async open(token: string): Promise<string> {
    const id = this.links.readOpen(token)
    if (!id) throw new HttpError(notificationProblems.badToken, 'This link is not valid')
    const row = await this.db
      .updateTable('notificationDeliveries')
      .set({
        state: sql`case when state in ('sent', 'delivered', 'queued') then 'opened' else state end`,
        openedAt: sql`coalesce(opened_at, now())`,
        updatedAt: new Date(),
      })
      .where('id', '=', id)
      .returning('content')
      .executeTakeFirst()
    if (!row) throw new HttpError(notificationProblems.badToken, 'This link is not valid')
    return (row.content as { url: string }).url
  }

  /**
   * Postmark's webhook: a hard bounce or a spam complaint suppresses the address; a delivery
   * receipt marks the delivery delivered (Postmark hands back the `delivery` metadata we set).
   */
  async postmark(event: {
    RecordType: string
    Type?: string
    Email?: string
    Recipient?: string
    Description?: string
    Metadata?: Record<string, string>
  }): Promise<'suppressed' | 'delivered' | 'ignored'> {
    const address = (event.Email ?? event.Recipient ?? '').toLowerCase()
    const deliveryId = event.Metadata?.delivery
    const kind =
      event.RecordType === 'SpamComplaint'
        ? 'complaint'
        : event.RecordType === 'Bounce' &&
            ['HardBounce', 'BadEmailAddress', 'SpamNotification'].includes(event.Type ?? '')
          ? 'bounce'
          : null
    if (kind && address) {
      await this.db
        .insertInto('emailSuppressions')
        .values({ address, reason: kind, detail: (event.Description ?? event.Type ?? '').slice(0, 500) })
        .onConflict((oc) => oc.column('address').doNothing())
        .execute()
      if (deliveryId && isUuid(deliveryId))
        await this.db
          .updateTable('notificationDeliveries')
          .set({
            state: 'failed',
            reason: `${kind}: ${event.Type ?? event.RecordType}`,
            updatedAt: new Date(),
          })
          .where('id', '=', deliveryId)
          .execute()
      this.log.info({ kind }, 'e-mail address suppressed')
      return 'suppressed'
    }
    if (event.RecordType === 'Delivery' && deliveryId && isUuid(deliveryId)) {
      await this.db
        .updateTable('notificationDeliveries')
        .set({ state: 'delivered', updatedAt: new Date() })
        .where('id', '=', deliveryId)
        .where('state', '=', 'sent')
        .execute()
      return 'delivered'
    }
    return 'ignored'
  }

  /** Twilio's status callback: the delivery of that message is delivered, or failed with Twilio's code. */
  async twilioStatus(
    sid: string,
    status: string,
    errorCode?: string,
  ): Promise<'delivered' | 'failed' | 'ignored'> {
    const outcome =
      status === 'delivered' ? 'delivered' : status === 'undelivered' || status === 'failed' ? 'failed' : null
    if (!outcome) return 'ignored'
    const row = await this.db
      .updateTable('notificationDeliveries')
      .set({
        state: outcome,
        ...(outcome === 'failed'
          ? { reason: `twilio ${status}${errorCode ? ` (error ${errorCode})` : ''}` }
          : {}),
        updatedAt: new Date(),
      })
      .where('providerId', '=', sid)
      .where('channel', '=', 'sms')
      .where('state', 'in', ['sent', 'delivered'])
      .returning('id')
      .executeTakeFirst()
    return row ? outcome : 'ignored'
  }

  // --- Admin

  async deliveries(opts: {
    channel?: string
    state?: string
    type?: string
    userId?: string
    limit: number
    cursor?: string
  }) {
    let q = this.db.selectFrom('notificationDeliveries').selectAll()
    if (opts.channel) q = q.where('channel', '=', opts.channel)
    if (opts.state) q = q.where('state', '=', opts.state)
    if (opts.type) q = q.where('type', '=', opts.type)
    if (opts.userId) q = q.where('userId', '=', opts.userId)
    const rows = await q
      .$call(newestFirst('createdAt', 'id', decodeCursor(opts.cursor), opts.limit))
      .execute()
    return page(
      rows,
      opts.limit,
      (r) => ({ at: r.createdAt, id: r.id }),
      (r) => ({
        id: r.id,
        notificationId: r.notificationId,
        userId: r.userId,
        type: r.type,
        channel: r.channel as 'email' | 'web_push' | 'mobile_push' | 'sms',
        state: r.state as 'queued' | 'deferred' | 'sent' | 'delivered' | 'opened' | 'failed' | 'skipped',
        reason: r.reason,
        urgent: r.urgent,
        groupKey: r.groupKey,
        attempts: r.attempts,
        jobId: r.jobId,
        providerId: r.providerId,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
        sentAt: r.sentAt?.toISOString() ?? null,
        openedAt: r.openedAt?.toISOString() ?? null,
        runAfter: r.runAfter?.toISOString() ?? null,
        expiresAt: r.expiresAt?.toISOString() ?? null,
      }),
    )
  }

  /** Deliveries per channel and state over the last `hours`. */
  async summary(hours: number) {
    const since = new Date(Date.now() - hours * 3_600_000)
    const rows = await this.db
      .selectFrom('notificationDeliveries')
      .select(['channel', 'state', sql<string>`count(*)`.as('n')])
      .where('createdAt', '>', since)
      .groupBy(['channel', 'state'])
      .orderBy('channel')
      .orderBy('state')
      .execute()
    return {
      since: since.toISOString(),
      counts: rows.map((r) => ({ channel: r.channel, state: r.state, count: Number(r.n) })),
    }
  }
}

/** Removes an account's oldest subscriptions or devices past MAX_TARGETS_PER_ACCOUNT (newest kept). */
async function keepNewest(trx: Kysely<DB>, table: 'push_subscriptions' | 'devices', userId: string) {
  await sql`delete from ${sql.table(table)} where id in (
      select id from ${sql.table(table)} where user_id = ${userId}
      order by created_at desc, id desc offset ${MAX_TARGETS_PER_ACCOUNT})`.execute(trx)
}
