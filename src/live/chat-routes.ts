import { Elysia, t } from 'elysia'
import type { accessControl } from '../platform/http/access.ts'
import { Integer, QueryInteger } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { NO_CONTENT, problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import { type Limit, readRateLimits } from '../platform/rate-limit.ts'
import type { ChatService } from './chat.ts'
import type { ModerationService } from './chat-moderation.ts'
import { CHAT_MAX_LENGTH, CLIENT_ID_MAX_LENGTH, MAX_TERMS, TERM_MAX_LENGTH } from './chat-text.ts'

/** Per-user limits of the chat (RATE_LIMITS may change them): `live.chat` counts REST and the gateway's `chat.send` together. */
export const chatRateLimits = {
  'live.chat': { limit: 20, windowMs: 10_000 },
  'live.moderate': { limit: 600, windowMs: 3_600_000 },
  ...readRateLimits,
} as const satisfies Record<string, Limit>

const Person = t.Object({ id: t.String(), username: t.String(), displayName: t.Nullable(t.String()) })

export const ChatMessageSchema = t.Object({
  id: t.String(),
  seq: Integer({ description: 'The room event that carried it (the `seq` of `live:<id>`)' }),
  author: Person,
  text: t.String(),
  clientId: t.String({ description: "The author's own id for it (a resend with it is stored once)" }),
  createdAt: t.String(),
  paid: t.Nullable(
    t.Object(
      {
        amount: Integer({ description: 'Minor units' }),
        currency: t.String(),
        pinnedUntil: t.String({ description: 'Shown highlighted at the top of the chat until then' }),
      },
      { description: 'A paid message (POST /v1/live/streams/{id}/chat/paid, or a tip on the stream)' },
    ),
  ),
  badge: t.Nullable(
    t.Object(
      {
        tierId: t.String(),
        tier: t.String({ description: "The tier's name" }),
        months: Integer({ description: 'Month of the membership (1 in the first)' }),
      },
      { description: "The author's membership of the streamer when they wrote it" },
    ),
  ),
})

const ChatSettingsSchema = t.Object({
  slowSeconds: Integer({
    minimum: 0,
    maximum: 3600,
    description: 'Seconds between two messages of a viewer; 0: off',
  }),
  followersOnlyMinutes: t.Nullable(
    Integer({
      minimum: 0,
      maximum: 525_600,
      description: 'Only followers of at least this many minutes; null: anyone',
    }),
  ),
  subscribersOnly: t.Boolean({ description: 'Only subscribers of the streamer (see payments)' }),
  emoteOnly: t.Boolean({ description: 'Only :emote: codes and emoji' }),
})

const Scope = t.Union([t.Literal('stream'), t.Literal('channel')], {
  description:
    "stream: this stream; channel: every stream of its owner (the owner's and channel moderators' call)",
})
const Id = t.Object({ id: t.String({ format: 'uuid' }) })
const IdAndUser = t.Object({ id: t.String({ format: 'uuid' }), userId: t.String({ format: 'uuid' }) })
const IdAndMessage = t.Object({ id: t.String({ format: 'uuid' }), messageId: t.String({ format: 'uuid' }) })
const ScopeQuery = t.Object({ scope: t.Optional(Scope) })

/** A stream's chat over REST: send, replay, and the streamer's and moderators' tools. */
export function chatRoutes(deps: {
  chat: ChatService
  moderation: ModerationService
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof chatRateLimits>
}) {
  const { chat, moderation } = deps
  return new Elysia({ name: 'live-chat-routes', detail: { tags: ['live'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .post(
      '/live/streams/:id/chat',
      async ({ params, body, principal, set }) => {
        const sent = await chat.send(principal.userId, params.id, body)
        set.status = sent.created ? 201 : 200
        return sent
      },
      {
        permission: 'social:write',
        rateLimit: 'live.chat',
        params: Id,
        body: t.Object({
          text: t.String({
            maxLength: CHAT_MAX_LENGTH * 4,
            description: `At most ${CHAT_MAX_LENGTH} characters, one line`,
          }),
          clientId: t.String({
            maxLength: CLIENT_ID_MAX_LENGTH,
            description: 'Your id for the message: a resend is stored once',
          }),
        }),
        response: {
          200: t.Object({ message: ChatMessageSchema, created: t.Boolean() }),
          201: t.Object({ message: ChatMessageSchema, created: t.Boolean() }),
        },
        detail: {
          summary: 'Writes in the chat of a stream (also op `chat.send` over the gateway)',
          description:
            'Everyone on `live:<id>` gets it as a `chat.message` event. Refused: in an ended stream (409 ' +
            '`stream_ended`); in a stream moderation age-restricted, to all but signed-in adults and the streamer ' +
            '(403 `age_restricted`); banned (403 `chat_banned`) or timed out (403 `chat_timed_out`, Retry-After); ' +
            'followers-only (403 `followers_only`), subscribers-only (403 `subscribers_only`), emote-only (422 ' +
            '`emote_only`) chats; a banned term of the streamer (422 `banned_term`); slow mode (429 `slow_mode`, ' +
            'Retry-After). The streamer and moderators are exempt from the modes. 201 when stored, 200 for a ' +
            'resend of the same `clientId`.',
          responses: problemResponses(401, 403, 404, 409, 422, 429),
        },
      },
    )
    .get(
      '/live/streams/:id/chat',
      ({ params, query, viewer }) =>
        chat.replay(viewer?.userId ?? null, params.id, {
          since: query.since,
          cursor: query.cursor,
          limit: query.limit ?? 50,
        }),
      {
        viewer: true,
        rateLimit: 'api.reads',
        params: Id,
        query: t.Composite([
          PageQuery,
          t.Object({
            since: t.Optional(
              QueryInteger({
                minimum: 0,
                maximum: Number.MAX_SAFE_INTEGER,
                description: 'Messages after this room `seq` (the last one you got on `live:<id>`)',
              }),
            ),
          }),
        ]),
        response: t.Composite([
          pageOf(ChatMessageSchema),
          t.Object({
            pinned: t.Nullable(ChatMessageSchema),
            highlighted: t.Array(ChatMessageSchema, {
              description:
                'Paid messages pinned now (until their `paid.pinnedUntil`), newest first, 20 at most',
            }),
          }),
        ]),
        detail: {
          summary: 'The chat of a stream in order, during and after it (the replay of the recording)',
          description:
            'Deleted messages are left out. With the pinned message and the paid messages pinned now. 403 ' +
            '`age_restricted` for a stream moderation age-restricted, to all but signed-in adults and the streamer; ' +
            '403 `subscribers_only` for a stream for subscribers, to others.',
          responses: problemResponses(403, 404, 422),
        },
      },
    )
    .delete(
      '/live/streams/:id/chat/:messageId',
      async ({ params, principal, set }) => {
        await moderation.deleteMessage(principal.userId, params.id, params.messageId)
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'live.moderate',
        params: IdAndMessage,
        detail: {
          summary: 'Deletes a chat message (streamer and moderators): the room gets `chat.deleted`',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 403, 404, 422) },
        },
      },
    )
    .put(
      '/live/streams/:id/chat/pin',
      ({ params, body, principal }) => moderation.pin(principal.userId, params.id, body.messageId),
      {
        permission: 'social:write',
        rateLimit: 'live.moderate',
        params: Id,
        body: t.Object({ messageId: t.Nullable(t.String({ format: 'uuid', description: 'null: unpin' })) }),
        response: t.Nullable(ChatMessageSchema),
        detail: {
          summary: 'Pins a message, one at a time (streamer and moderators): the room gets `chat.pinned`',
          responses: problemResponses(401, 403, 404, 422),
        },
      },
    )
    .patch(
      '/live/streams/:id/chat/settings',
      ({ params, body, principal }) => moderation.settings(principal.userId, params.id, body),
      {
        permission: 'social:write',
        rateLimit: 'live.moderate',
        params: Id,
        body: t.Partial(ChatSettingsSchema),
        response: ChatSettingsSchema,
        detail: {
          summary: "Changes the chat's modes (streamer and moderators): the room gets the stream's new view",
          responses: problemResponses(401, 403, 404, 422),
        },
      },
    )
    .post(
      '/live/streams/:id/chat/timeouts',
      ({ params, body, principal }) =>
        moderation.timeout(principal.userId, params.id, body.userId, body.minutes),
      {
        permission: 'social:write',
        rateLimit: 'live.moderate',
        params: Id,
        body: t.Object({
          userId: t.String({ format: 'uuid' }),
          minutes: Integer({ minimum: 0, maximum: 10_080, description: 'At most a week; 0 lifts a timeout' }),
        }),
        response: t.Object({ userId: t.String(), until: t.Nullable(t.String()) }),
        detail: {
          summary: 'Times a user out of the chat (they still watch): the room gets `user.timedout`',
          responses: problemResponses(401, 403, 404, 409, 422),
        },
      },
    )
    .post(
      '/live/streams/:id/chat/bans',
      async ({ params, body, principal, set }) => {
        await moderation.ban(principal.userId, params.id, body.userId, body.scope ?? 'stream')
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'live.moderate',
        params: Id,
        body: t.Object({ userId: t.String({ format: 'uuid' }), scope: t.Optional(Scope) }),
        detail: {
          summary:
            'Bans a user from the chat and the room: the room gets `user.banned`, their subscription is dropped',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 403, 404, 409, 422) },
        },
      },
    )
    .delete(
      '/live/streams/:id/chat/bans/:userId',
      async ({ params, query, principal, set }) => {
        await moderation.unban(principal.userId, params.id, params.userId, query.scope ?? 'stream')
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'live.moderate',
        params: IdAndUser,
        query: ScopeQuery,
        detail: {
          summary: 'Lifts a ban',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 403, 404, 422) },
        },
      },
    )
    .get(
      '/live/streams/:id/chat/audit',
      ({ params, query, principal }) =>
        moderation.audit(principal.userId, params.id, { cursor: query.cursor, limit: query.limit ?? 20 }),
      {
        permission: 'account:read',
        rateLimit: 'api.reads',
        params: Id,
        query: PageQuery,
        response: pageOf(
          t.Object({
            id: t.String(),
            action: t.String({
              description:
                'message.deleted, message.pinned, message.unpinned, user.timedout, user.timeout_lifted, user.banned, ' +
                'user.unbanned, chat.settings, moderator.added, moderator.removed',
            }),
            actor: t.Nullable(Person),
            targetUserId: t.Nullable(t.String()),
            messageId: t.Nullable(t.String()),
            data: t.Record(t.String(), t.Unknown()),
            createdAt: t.String(),
          }),
        ),
        detail: {
          summary: "What the streamer and moderators did in the stream's chat, newest first",
          responses: problemResponses(401, 403, 404, 422),
        },
      },
    )
    .get(
      '/live/streams/:id/moderators',
      ({ params, principal }) => moderation.moderators(principal.userId, params.id),
      {
        permission: 'account:read',
        rateLimit: 'api.reads',
        params: Id,
        response: t.Object({
          items: t.Array(t.Object({ user: Person, scope: Scope, createdAt: t.String() })),
        }),
        detail: {
          summary: "The stream's moderators: its own, and those of all its owner's streams",
          responses: problemResponses(401, 403, 404, 422),
        },
      },
    )
    .post(
      '/live/streams/:id/moderators',
      async ({ params, body, principal, set }) => {
        set.status = 201
        return moderation.addModerator(principal.userId, params.id, body.userId, body.scope ?? 'stream')
      },
      {
        permission: 'social:write',
        rateLimit: 'live.moderate',
        params: Id,
        body: t.Object({ userId: t.String({ format: 'uuid' }), scope: t.Optional(Scope) }),
        response: { 201: t.Object({ user: Person, scope: Scope }) },
        detail: {
          summary: 'Appoints a moderator of this stream, or of all your streams (`scope: channel`)',
          responses: problemResponses(401, 404, 422),
        },
      },
    )
    .delete(
      '/live/streams/:id/moderators/:userId',
      async ({ params, query, principal, set }) => {
        await moderation.removeModerator(principal.userId, params.id, params.userId, query.scope ?? 'stream')
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'live.moderate',
        params: IdAndUser,
        query: ScopeQuery,
        detail: {
          summary: 'Removes a moderator',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 404, 422) },
        },
      },
    )
    .get('/live/chat/terms', ({ principal }) => moderation.terms(principal.userId), {
      permission: 'account:read',
      rateLimit: 'api.reads',
      response: t.Object({ terms: t.Array(t.String()) }),
      detail: {
        summary: 'Your banned terms, refused in the chat of all your streams',
        responses: problemResponses(401),
      },
    })
    .put('/live/chat/terms', ({ body, principal }) => moderation.setTerms(principal.userId, body.terms), {
      permission: 'social:write',
      rateLimit: 'live.moderate',
      body: t.Object({
        terms: t.Array(t.String({ maxLength: TERM_MAX_LENGTH * 4 }), { maxItems: MAX_TERMS }),
      }),
      response: t.Object({ terms: t.Array(t.String()) }),
      detail: {
        summary:
          'Replaces your banned terms (matched case-insensitively, NFKC-folded, anywhere in a message)',
        description: `At most ${MAX_TERMS} terms of 1 to ${TERM_MAX_LENGTH} characters; checked before a message is stored.`,
        responses: problemResponses(401, 422),
      },
    })
}
