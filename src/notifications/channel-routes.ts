import { timingSafeEqual } from 'node:crypto'
import type { TLiteral, TUnion } from '@sinclair/typebox'
import { Elysia, t } from 'elysia'
import { HttpError, problems } from '../platform/errors.ts'
import type { accessControl } from '../platform/http/access.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { NO_CONTENT, problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import { type Limit, readRateLimits } from '../platform/rate-limit.ts'
import { LOCALE_PATTERN } from '../users/profiles.ts'
import type { SmsChannel } from './channels/sms.ts'
import type { NotificationService } from './notifications.ts'
import { CHANNELS, FROM_WHOM, type NotificationTypes, PREFERENCE_CHANNELS } from './registry.ts'
import type { NotificationSettings } from './settings.ts'

export const channelRateLimits = {
  ...readRateLimits,
  'notifications.settings': { limit: 120, windowMs: 3_600_000 },
  'notifications.targets': { limit: 60, windowMs: 3_600_000 },
  'notifications.phone': { limit: 5, windowMs: 3_600_000 },
  'notifications.phone-verify': { limit: 20, windowMs: 3_600_000 },
  'notifications.links': { limit: 600, windowMs: 60_000 },
  'notifications.webhooks': { limit: 6000, windowMs: 60_000 },
} as const satisfies Record<string, Limit>

type LiteralsOf<T extends readonly string[]> = T extends readonly [
  infer A extends string,
  ...infer R extends string[],
]
  ? [TLiteral<A>, ...LiteralsOf<R>]
  : []
/** A union of string literals (not UnionEnum: as an optional query parameter it gets a default). */
export const lit = <const T extends readonly [string, ...string[]]>(values: T, description?: string) =>
  t.Union(
    values.map((v) => t.Literal(v)),
    description ? { description } : {},
  ) as unknown as TUnion<LiteralsOf<T>>
const Channels = t.Object(
  Object.fromEntries(PREFERENCE_CHANNELS.map((c) => [c, t.Boolean()])) as Record<
    (typeof PREFERENCE_CHANNELS)[number],
    ReturnType<typeof t.Boolean>
  >,
)
const PartialChannels = t.Partial(Channels)
const FromWhom = lit(FROM_WHOM, 'Whose notifications of this type reach you')
const Time = t.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, local time' })
const Preferences = t.Object({
  types: t.Array(
    t.Object({
      type: t.String(),
      description: t.String(),
      category: lit(['social', 'security', 'system'] as const),
      channels: Channels,
      defaults: Channels,
      fromWhom: t.Nullable(FromWhom),
    }),
  ),
  filterStrangers: t.Boolean({
    description: 'Notifications from accounts you do not follow are held in requests',
  }),
  quietHours: t.Nullable(
    t.Object(
      { start: Time, end: Time },
      { description: 'Pushes and SMS wait until the end (security notices pass); e-mail is not held' },
    ),
  ),
  digest: t.Object({
    frequency: lit(['off', 'daily', 'weekly'] as const),
    hour: Integer({ minimum: 0, maximum: 23, description: 'Local hour the digest is sent' }),
    weekday: Integer({ minimum: 1, maximum: 7, description: 'Weekly: ISO weekday (1 Monday)' }),
  }),
  timeZone: t.String({ description: 'IANA time zone of quiet hours and digests' }),
  locale: t.String({
    description:
      'BCP 47 language of notifications and digests (the profile setting): en and fr are translated; others fall back to their language, then English',
  }),
  emailOff: t.Boolean({ description: 'No notification e-mail at all (one-click unsubscribe sets it)' }),
  emailSuppressed: t.Nullable(
    t.Object(
      {
        reason: lit(['bounce', 'complaint', 'manual', 'refused'] as const),
        detail: t.Nullable(t.String({ description: "The mail provider's or SMTP server's words" })),
        since: t.String(),
      },
      {
        description:
          "The account's address takes no notification e-mail: it bounced, the mail server refused it for good (refused), " +
          'or its owner complained. A bounced or refused address is no longer verified; verifying it again ' +
          '(POST /auth/email/resend, then the link) or another address clears this.',
      },
    ),
  ),
})
const Delivery = t.Object({
  id: t.String(),
  notificationId: t.Nullable(t.String()),
  userId: t.String(),
  type: t.String(),
  channel: lit(CHANNELS),
  state: lit(['queued', 'deferred', 'sent', 'delivered', 'opened', 'failed', 'skipped'] as const),
  reason: t.Nullable(t.String({ description: "The provider's answer, or why it was skipped" })),
  urgent: t.Boolean(),
  groupKey: t.Nullable(t.String()),
  attempts: Integer(),
  jobId: t.Nullable(t.String()),
  providerId: t.Nullable(t.String()),
  createdAt: t.String(),
  updatedAt: t.String(),
  sentAt: t.Nullable(t.String()),
  openedAt: t.Nullable(t.String()),
  runAfter: t.Nullable(t.String({ description: 'Deferred: when quiet hours end' })),
  expiresAt: t.Nullable(t.String()),
})
const Token = t.String({ minLength: 10, maxLength: 200, pattern: '^[A-Za-z0-9_.-]+$' })
const Uuid = t.String({ format: 'uuid' })

/**
 * The channels' routes: preferences, requests, push subscriptions, devices, the phone number,
 * one-click unsubscribe and tracked links (no sign-in), Postmark's webhook, and the admin's view
 * of deliveries.
 */
export function channelRoutes(deps: {
  settings: NotificationSettings
  notifications: NotificationService
  types: NotificationTypes
  vapidPublicKey: string
  postmarkToken: string | undefined
  sms: SmsChannel
  publicUrl: string
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof channelRateLimits>
}) {
  const { settings } = deps
  const Request = t.Object({
    id: t.String(),
    type: t.String(),
    createdAt: t.String(),
    actor: t.Nullable(
      t.Object({ id: t.String(), username: t.String(), displayName: t.Nullable(t.String()) }),
    ),
  })
  return new Elysia({ name: 'notification-channel-routes', detail: { tags: ['notifications'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .get('/notifications/preferences', ({ principal }) => settings.preferences(principal.userId), {
      permission: 'account:read',
      rateLimit: 'api.reads',
      response: Preferences,
      detail: {
        summary: 'Notification preferences: type × channel, from whom, strangers, quiet hours, digests',
        responses: problemResponses(401),
      },
    })
    .put('/notifications/preferences', ({ principal, body }) => settings.update(principal.userId, body), {
      permission: 'account:manage',
      rateLimit: 'notifications.settings',
      body: t.Object({
        types: t.Optional(
          t.Record(
            t.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
            t.Object({ channels: t.Optional(PartialChannels), fromWhom: t.Optional(t.Nullable(FromWhom)) }),
            { description: 'Per type: channels to turn on or off, from whom (null: the default)' },
          ),
        ),
        filterStrangers: t.Optional(t.Boolean()),
        quietHours: t.Optional(t.Nullable(t.Object({ start: Time, end: Time }))),
        digest: t.Optional(
          t.Object({
            frequency: t.Optional(lit(['off', 'daily', 'weekly'] as const)),
            hour: t.Optional(Integer({ minimum: 0, maximum: 23 })),
            weekday: t.Optional(Integer({ minimum: 1, maximum: 7 })),
          }),
        ),
        timeZone: t.Optional(t.String({ maxLength: 64 })),
        locale: t.Optional(t.String({ maxLength: 20, pattern: LOCALE_PATTERN })),
        emailOff: t.Optional(t.Boolean()),
      }),
      response: Preferences,
      detail: {
        summary: 'Changes notification preferences (only what is given)',
        description: 'SMS for social types needs a verified number (POST /v1/me/phone).',
        responses: problemResponses(401, 422),
      },
    })
    .get(
      '/notifications/requests',
      async ({ principal, query }) => {
        const page = await deps.notifications.requests(principal.userId, query.limit ?? 20, query.cursor)
        return {
          items: page.items.map((n) => ({
            id: n.id,
            type: n.type,
            createdAt: n.createdAt,
            actor: n.actor
              ? { id: n.actor.id, username: n.actor.username, displayName: n.actor.displayName }
              : null,
          })),
          nextCursor: page.nextCursor,
        }
      },
      {
        permission: 'account:read',
        rateLimit: 'api.reads',
        query: PageQuery,
        response: pageOf(Request),
        detail: {
          summary: 'Notifications held from strangers (filterStrangers), newest first',
          responses: problemResponses(401, 422),
        },
      },
    )
    .post(
      '/notifications/requests/:actorId/accept',
      async ({ principal, params }) => ({
        count: await deps.notifications.answerRequest(principal.userId, params.actorId, true),
      }),
      {
        permission: 'account:manage',
        rateLimit: 'notifications.settings',
        params: t.Object({ actorId: Uuid }),
        response: t.Object({ count: Integer({ description: 'Notifications accepted' }) }),
        detail: {
          summary: "Accepts a stranger's held notifications: they join the list, and later ones are not held",
          responses: problemResponses(401, 404, 422),
        },
      },
    )
    .post(
      '/notifications/requests/:actorId/dismiss',
      async ({ principal, params }) => ({
        count: await deps.notifications.answerRequest(principal.userId, params.actorId, false),
      }),
      {
        permission: 'account:manage',
        rateLimit: 'notifications.settings',
        params: t.Object({ actorId: Uuid }),
        response: t.Object({ count: Integer({ description: 'Notifications dismissed (deleted)' }) }),
        detail: {
          summary: "Dismisses a stranger's held notifications",
          responses: problemResponses(401, 404, 422),
        },
      },
    )
    .get('/push/vapid-public-key', () => ({ publicKey: deps.vapidPublicKey }), {
      rateLimit: 'api.reads',
      response: t.Object({
        publicKey: t.String({ description: 'applicationServerKey for pushManager.subscribe' }),
      }),
      detail: { summary: 'The VAPID public key browsers subscribe with', security: [] },
    })
    .post(
      '/push/subscriptions',
      ({ principal, body, set }) => {
        set.status = 201
        return settings.subscribe(principal.userId, body)
      },
      {
        permission: 'account:manage',
        rateLimit: 'notifications.targets',
        body: t.Object(
          {
            endpoint: t.String({ maxLength: 2048, minLength: 12 }),
            expirationTime: t.Optional(t.Nullable(t.Number())),
            keys: t.Object({
              p256dh: t.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+=*$' }),
              auth: t.String({ maxLength: 50, pattern: '^[A-Za-z0-9_-]+=*$' }),
            }),
          },
          { description: "The browser's PushSubscription as JSON" },
        ),
        response: { 201: t.Object({ id: t.String(), endpoint: t.String(), createdAt: t.String() }) },
        detail: {
          summary: 'Registers a browser for web push',
          description:
            'At most 20 per account: a new one replaces the oldest. An endpoint on a loopback, private or ' +
            'link-local address (or a name resolving to one) is refused with a 422.',
          responses: problemResponses(401, 422),
        },
      },
    )
    .delete(
      '/push/subscriptions',
      async ({ principal, body, set }) => {
        await settings.unsubscribePush(principal.userId, body.endpoint)
        set.status = 204
      },
      {
        permission: 'account:manage',
        rateLimit: 'notifications.targets',
        body: t.Object({ endpoint: t.String({ maxLength: 2048 }) }),
        detail: {
          summary: 'Removes a web push subscription',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 404, 422) },
        },
      },
    )
    .post(
      '/devices',
      ({ principal, body, set }) => {
        set.status = 201
        return settings.addDevice(principal.userId, body)
      },
      {
        permission: 'account:manage',
        rateLimit: 'notifications.targets',
        body: t.Object({
          token: t.String({ minLength: 20, maxLength: 4096, pattern: '^[A-Za-z0-9_:.-]+$' }),
          platform: lit(['android', 'ios', 'web'] as const),
          appVersion: t.Optional(t.String({ maxLength: 40, pattern: '^[A-Za-z0-9_.+-]+$' })),
        }),
        response: {
          201: t.Object({
            id: t.String(),
            platform: t.String(),
            appVersion: t.Nullable(t.String()),
            createdAt: t.String(),
          }),
        },
        detail: {
          summary: 'Registers a mobile device (an FCM registration token)',
          description: 'At most 20 per account: a new one replaces the oldest.',
          responses: problemResponses(401, 422, 503),
        },
      },
    )
    .delete(
      '/devices/:id',
      async ({ principal, params, set }) => {
        await settings.removeDevice(principal.userId, params.id)
        set.status = 204
      },
      {
        permission: 'account:manage',
        rateLimit: 'notifications.targets',
        params: t.Object({ id: Uuid }),
        detail: {
          summary: 'Removes a device',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 404, 422) },
        },
      },
    )
    .post(
      '/me/phone',
      ({ principal, body, set }) => {
        set.status = 202
        return settings.startPhone(principal.userId, body.phone)
      },
      {
        permission: 'account:manage',
        rateLimit: 'notifications.phone',
        body: t.Object({ phone: t.String({ pattern: '^\\+[1-9][0-9]{6,14}$', description: 'E.164' }) }),
        response: { 202: t.Object({ phone: t.String(), expiresAt: t.String() }) },
        detail: {
          summary: 'Sets the phone number for SMS: a code is texted to it, to send to /v1/me/phone/verify',
          responses: problemResponses(401, 422, 429, 502, 503),
        },
      },
    )
    .post('/me/phone/verify', ({ principal, body }) => settings.verifyPhone(principal.userId, body.code), {
      permission: 'account:manage',
      rateLimit: 'notifications.phone-verify',
      body: t.Object({ code: t.String({ pattern: '^[0-9]{6}$' }) }),
      response: t.Object({ phone: t.String(), verified: t.Literal(true) }),
      detail: {
        summary: 'Verifies the phone number with the texted code',
        responses: problemResponses(401, 422),
      },
    })
    .delete(
      '/me/phone',
      async ({ principal, set }) => {
        await settings.removePhone(principal.userId)
        set.status = 204
      },
      {
        permission: 'account:manage',
        rateLimit: 'notifications.settings',
        detail: {
          summary: 'Removes the phone number',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 404) },
        },
      },
    )
    .get(
      '/notifications/unsubscribe',
      ({ query }) => {
        const found = settings.checkUnsubscribe(query.token)
        return { type: found.type }
      },
      {
        rateLimit: 'notifications.links',
        query: t.Object({ token: Token }),
        response: t.Object({ type: t.String({ description: 'The type, all or digest the link stops' }) }),
        detail: {
          summary: 'What an unsubscribe link would stop (nothing changes: POST does it)',
          security: [],
          responses: problemResponses(404, 422),
        },
      },
    )
    .post('/notifications/unsubscribe', ({ query }) => settings.unsubscribe(query.token), {
      rateLimit: 'notifications.links',
      query: t.Object({ token: Token }),
      parse: ['urlencoded', 'json', 'text'],
      body: t.Optional(
        t.Object(
          { 'List-Unsubscribe': t.Optional(t.Literal('One-Click')) },
          { description: 'List-Unsubscribe=One-Click (RFC 8058), form-encoded' },
        ),
      ),
      response: t.Object({ unsubscribed: t.String() }),
      detail: {
        summary: 'One-click unsubscribe (RFC 8058): the List-Unsubscribe link of notification mail',
        description: 'Works without signing in: the token in the link is signed.',
        security: [],
        responses: problemResponses(404, 422),
      },
    })
    .get(
      '/notifications/open/:token',
      async ({ params }) => Response.redirect(await settings.open(params.token), 302),
      {
        rateLimit: 'notifications.links',
        params: t.Object({ token: Token }),
        detail: {
          summary: 'A tracked link of a notification (e-mail button, push click): marks it opened, redirects',
          security: [],
          responses: {
            302: { description: 'To what the notification is about' },
            ...problemResponses(404, 422),
          },
        },
      },
    )
    .post(
      '/notifications/webhooks/postmark',
      async ({ body, request }) => {
        if (!deps.postmarkToken)
          throw new HttpError(
            { status: 503, code: 'not_configured', title: 'Not configured' },
            'POSTMARK_WEBHOOK_TOKEN is not set',
          )
        if (!basicAuthorized(request.headers.get('authorization'), deps.postmarkToken))
          throw new HttpError(problems.unauthenticated, 'The webhook credentials are missing or wrong')
        return { outcome: await settings.postmark(body) }
      },
      {
        rateLimit: 'notifications.webhooks',
        body: t.Object(
          {
            RecordType: t.String({ maxLength: 50 }),
            Type: t.Optional(t.String({ maxLength: 100 })),
            Email: t.Optional(t.String({ maxLength: 320 })),
            Recipient: t.Optional(t.String({ maxLength: 320 })),
            Description: t.Optional(t.String({ maxLength: 2000 })),
            Metadata: t.Optional(t.Record(t.String({ maxLength: 50 }), t.String({ maxLength: 200 }))),
          },
          { additionalProperties: true, description: 'A Postmark webhook (Bounce, SpamComplaint, Delivery)' },
        ),
        response: t.Object({ outcome: lit(['suppressed', 'delivered', 'ignored'] as const) }),
        detail: {
          summary: 'Postmark bounce, spam complaint and delivery webhooks',
          description:
            'Set the webhook URL in Postmark with basic auth credentials `postmark:<POSTMARK_WEBHOOK_TOKEN>`. ' +
            'Hard bounces and complaints suppress the address for every later mail.',
          security: [],
          responses: problemResponses(401, 422, 503),
        },
      },
    )
    .post(
      '/notifications/webhooks/twilio',
      async ({ body, request }) => {
        if (deps.sms.notConfigured)
          throw new HttpError(
            { status: 503, code: 'not_configured', title: 'Not configured' },
            deps.sms.notConfigured,
          )
        const url = `${deps.publicUrl}/v1/notifications/webhooks/twilio`
        const params = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]))
        if (!deps.sms.signed(request.headers.get('x-twilio-signature') ?? '', url, params))
          throw new HttpError(problems.unauthenticated, 'The X-Twilio-Signature is missing or wrong')
        return { outcome: await settings.twilioStatus(body.MessageSid, body.MessageStatus, body.ErrorCode) }
      },
      {
        rateLimit: 'notifications.webhooks',
        parse: ['urlencoded'],
        body: t.Object(
          {
            MessageSid: t.String({ pattern: '^[A-Za-z0-9]{10,64}$' }),
            MessageStatus: t.String({ maxLength: 30 }),
            ErrorCode: t.Optional(t.String({ maxLength: 10 })),
          },
          { additionalProperties: true, description: "Twilio's message status callback (form-encoded)" },
        ),
        response: t.Object({ outcome: lit(['delivered', 'failed', 'ignored'] as const) }),
        detail: {
          summary: "Twilio's SMS status callbacks: delivered, or failed with Twilio's error code",
          description: 'Signed by Twilio (X-Twilio-Signature over PUBLIC_URL + this path and the form).',
          security: [],
          responses: problemResponses(401, 422, 503),
        },
      },
    )
    .get(
      '/admin/notifications/deliveries',
      ({ query }) =>
        settings.deliveries({
          channel: query.channel,
          state: query.state,
          type: query.type,
          userId: query.userId,
          limit: query.limit ?? 50,
          cursor: query.cursor,
        }),
      {
        permission: 'admin:notifications',
        rateLimit: 'api.reads',
        query: t.Composite([
          PageQuery,
          t.Object({
            channel: t.Optional(lit(CHANNELS)),
            state: t.Optional(
              lit(['queued', 'deferred', 'sent', 'delivered', 'opened', 'failed', 'skipped'] as const),
            ),
            type: t.Optional(t.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' })),
            userId: t.Optional(Uuid),
          }),
        ]),
        response: pageOf(Delivery),
        detail: {
          summary: 'Notification deliveries, newest first, by channel, state, type, account',
          responses: problemResponses(401, 403, 422),
        },
      },
    )
    .get('/admin/notifications/deliveries/summary', ({ query }) => settings.summary(query.hours ?? 24), {
      permission: 'admin:notifications',
      rateLimit: 'api.reads',
      query: t.Object({ hours: t.Optional(Integer({ minimum: 1, maximum: 24 * 90 })) }),
      response: t.Object({
        since: t.String(),
        counts: t.Array(t.Object({ channel: t.String(), state: t.String(), count: Integer() })),
      }),
      detail: {
        summary: 'Deliveries per channel and outcome over the last hours (24 by default)',
        responses: problemResponses(401, 403, 422),
      },
    })
}

function basicAuthorized(header: string | null, token: string): boolean {
  if (!header?.startsWith('Basic ')) return false
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
  const password = decoded.slice(decoded.indexOf(':') + 1)
  const a = Buffer.from(password)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}
