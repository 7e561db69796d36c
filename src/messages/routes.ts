import { Elysia, t } from 'elysia'
import type { accessControl } from '../platform/http/access.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { NO_CONTENT, problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import { type Limit, readRateLimits } from '../platform/rate-limit.ts'
import { GROUP_MAX_MEMBERS, MESSAGE_MAX_LENGTH, type MessageService } from './conversations.ts'
import type { MemberService } from './members.ts'

const Id = t.Object({ id: t.String({ format: 'uuid' }) })
const MessageParams = t.Object({ id: t.String({ format: 'uuid' }), messageId: t.String({ format: 'uuid' }) })

export const MessageSchema = t.Object({
  id: t.String(),
  conversationId: t.String(),
  seq: Integer({
    description: "The room's sequence number of the message (also its place in the conversation)",
  }),
  sender: t.Object({ id: t.String(), username: t.String(), displayName: t.Nullable(t.String()) }),
  clientId: t.String(),
  text: t.Nullable(t.String({ description: 'null once deleted' })),
  createdAt: t.String(),
  editedAt: t.Nullable(t.String()),
  deletedAt: t.Nullable(t.String()),
})

const ConversationSchema = t.Object({
  id: t.String(),
  kind: t.Union([t.Literal('direct'), t.Literal('group')]),
  title: t.Nullable(t.String()),
  members: t.Array(
    t.Object({
      id: t.String(),
      username: t.String(),
      displayName: t.Nullable(t.String()),
      readSeq: Integer({ description: 'Read receipt: the last seq this member has read' }),
    }),
  ),
  lastSeq: Integer({ description: 'The last seq of the room (messages, edits, deletions, read receipts)' }),
  readSeq: Integer(),
  unreadCount: Integer(),
  lastMessage: t.Nullable(MessageSchema),
  activeAt: t.String(),
})

/** Per-user limits of direct messages (RATE_LIMITS may change them): opening conversations, which reaches strangers, is the tightest. */
export const messageRateLimits = {
  ...readRateLimits,
  'messages.open': { limit: 60, windowMs: 3_600_000 },
  // Counted by the service, one per account put in a group that does not follow its creator.
  'messages.add_strangers': { limit: 30, windowMs: 3_600_000 },
  'messages.send': { limit: 3600, windowMs: 3_600_000 },
  'messages.edit': { limit: 600, windowMs: 3_600_000 },
  'messages.members': { limit: 120, windowMs: 3_600_000 },
  'messages.read': { limit: 3600, windowMs: 3_600_000 },
  'messages.typing': { limit: 3600, windowMs: 3_600_000 },
} as const satisfies Record<string, Limit>

/** Direct messages: conversations, messages, read receipts, typing. Live over the gateway (`dm:<id>`). */
export function messageRoutes(deps: {
  messages: MessageService
  members: MemberService
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof messageRateLimits>
}) {
  const { messages } = deps
  return new Elysia({ name: 'message-routes', detail: { tags: ['messages'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .post(
      '/conversations',
      async ({ body, principal, set }) => {
        const opened = await messages.open(principal.userId, body)
        set.status = opened.created ? 201 : 200
        return messages.get(principal.userId, opened.id)
      },
      {
        permission: 'social:write',
        rateLimit: 'messages.open',
        body: t.Object({
          members: t.Array(t.String({ minLength: 1, maxLength: 30 }), {
            minItems: 1,
            maxItems: GROUP_MAX_MEMBERS - 1,
            description: 'Usernames; one makes a one-to-one conversation (the existing one if there is)',
          }),
          title: t.Optional(t.String({ maxLength: 100, description: 'For groups' })),
        }),
        response: { 200: ConversationSchema, 201: ConversationSchema },
        detail: {
          summary: 'Opens a conversation (one-to-one or a group)',
          description:
            "Each member's message policy (everyone, accounts they follow, nobody) must let you in; " +
            'accounts that block you, or that you block, are not found. In a group, each member who ' +
            'does not follow you counts against `messages.add_strangers` (429 naming it in `rateLimitClass`).',
          responses: problemResponses(401, 403, 404, 422),
        },
      },
    )
    .get(
      '/conversations',
      ({ query, principal }) => messages.list(principal.userId, query.limit ?? 20, query.cursor),
      {
        rateLimit: 'api.reads',
        permission: 'account:read',
        query: PageQuery,
        response: pageOf(ConversationSchema),
        detail: {
          summary: "The signed-in account's conversations, most recently active first",
          responses: problemResponses(401, 422),
        },
      },
    )
    .get('/conversations/:id', ({ params, principal }) => messages.get(principal.userId, params.id), {
      rateLimit: 'api.reads',
      permission: 'account:read',
      params: Id,
      response: ConversationSchema,
      detail: { summary: 'One conversation', responses: problemResponses(401, 404, 422) },
    })
    .get(
      '/conversations/:id/messages',
      ({ params, query, principal }) =>
        messages.messages(principal.userId, params.id, query.limit ?? 20, query.cursor),
      {
        rateLimit: 'api.reads',
        permission: 'account:read',
        params: Id,
        query: PageQuery,
        response: pageOf(MessageSchema),
        detail: {
          summary: 'Messages of a conversation, newest first',
          responses: problemResponses(401, 404, 422),
        },
      },
    )
    .post(
      '/conversations/:id/messages',
      async ({ params, body, principal, set }) => {
        const sent = await messages.send(principal.userId, params.id, body)
        set.status = sent.created ? 201 : 200
        return sent.message
      },
      {
        permission: 'social:write',
        rateLimit: 'messages.send',
        params: Id,
        body: t.Object({
          text: t.String({ minLength: 1, maxLength: MESSAGE_MAX_LENGTH }),
          clientId: t.String({
            minLength: 1,
            maxLength: 64,
            description:
              'Your id for the message: sending it again returns the stored message (200) instead of a second one',
          }),
        }),
        response: { 200: MessageSchema, 201: MessageSchema },
        detail: {
          summary: 'Sends a message (also possible over the gateway: op "message.send")',
          description: 'Members subscribed to the room `dm:<id>` get it at once, in order, with its seq.',
          responses: problemResponses(401, 403, 404, 422),
        },
      },
    )
    .patch(
      '/conversations/:id/messages/:messageId',
      ({ params, body, principal }) =>
        messages.edit(principal.userId, params.id, params.messageId, body.text),
      {
        permission: 'social:write',
        rateLimit: 'messages.edit',
        params: MessageParams,
        body: t.Object({ text: t.String({ minLength: 1, maxLength: MESSAGE_MAX_LENGTH }) }),
        response: MessageSchema,
        detail: { summary: 'Edits one of your messages', responses: problemResponses(401, 403, 404, 422) },
      },
    )
    .delete(
      '/conversations/:id/members/:userId',
      async ({ params, principal, set }) => {
        await deps.members.remove(principal.userId, params.id, params.userId)
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'messages.members',
        params: t.Object({ id: t.String({ format: 'uuid' }), userId: t.String({ format: 'uuid' }) }),
        detail: {
          summary: 'Leaves a group (your own id), or removes a member of a group you created',
          description:
            'The room hears of it (`member.left` or `member.removed`, data: `userId`, `by`); the member stops hearing the room at once. A one-to-one conversation is not left (409 `conversation_not_left`): block the account instead.',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 403, 404, 409, 422) },
        },
      },
    )
    .delete(
      '/conversations/:id/messages/:messageId',
      async ({ params, principal, set }) => {
        await messages.remove(principal.userId, params.id, params.messageId)
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'messages.edit',
        params: MessageParams,
        detail: {
          summary: 'Deletes one of your messages (its place stays, without text)',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 403, 404, 422) },
        },
      },
    )
    .post(
      '/conversations/:id/read',
      ({ params, body, principal }) => messages.markRead(principal.userId, params.id, body.seq),
      {
        permission: 'social:write',
        rateLimit: 'messages.read',
        params: Id,
        body: t.Object({ seq: Integer({ minimum: 0, description: 'The last seq read' }) }),
        response: ConversationSchema,
        detail: {
          summary: 'A read receipt: you have read up to seq',
          description: 'The room hears of it (`read` event with userId and readSeq).',
          responses: problemResponses(401, 404, 422),
        },
      },
    )
    .post(
      '/conversations/:id/typing',
      async ({ params, principal, set }) => {
        await messages.typing(principal.userId, params.id)
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'messages.typing',
        params: Id,
        detail: {
          summary: 'Tells the other members you are typing (also op "typing" over the gateway)',
          description: 'They get a `typing` event on their own user channel; nothing is stored.',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 404, 422) },
        },
      },
    )
}
