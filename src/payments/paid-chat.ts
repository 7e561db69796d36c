import { Elysia, t } from 'elysia'
import type { ChatService } from '../live/chat.ts'
import { CHAT_MAX_LENGTH } from '../live/chat-text.ts'
import type { accessControl } from '../platform/http/access.ts'
import { Integer } from '../platform/http/integer.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import type { paymentRateLimits } from './routes.ts'
import type { PaidTip, Tips } from './tips.ts'

/**
 * How long a paid chat message stays pinned, by amount in minor units (the same steps in every
 * currency, as Stripe counts it): the more paid, the longer (like YouTube's Super Chat).
 */
export const PIN_STEPS: readonly (readonly [minimum: number, seconds: number])[] = [
  [10_000, 5 * 3600],
  [5_000, 2 * 3600],
  [2_000, 3600],
  [1_000, 30 * 60],
  [500, 10 * 60],
  [200, 2 * 60],
  [0, 30],
]

export function pinSeconds(amount: number): number {
  for (const [minimum, seconds] of PIN_STEPS) if (amount >= minimum) return seconds
  return 0
}

/** The chat line of a paid tip on a stream: a paid message says its text, a tip says it tipped. */
export function paidChatText(tip: Pick<PaidTip, 'kind' | 'message' | 'amount' | 'currency'>): string {
  if (tip.kind === 'chat' && tip.message) return tip.message
  const amount = `${(tip.amount / 100).toFixed(2)} ${tip.currency.toUpperCase()}`
  return (tip.message ? `Tipped ${amount}: ${tip.message}` : `Tipped ${amount}`).slice(0, CHAT_MAX_LENGTH)
}

/**
 * Paid highlighted messages of a live chat: the message is checked as a chat message would be
 * (who may write, the modes, banned terms, the platform's moderation) before anything is paid,
 * then paid as a tip to the streamer (a PaymentIntent, the platform's fee applied); once Stripe
 * reports the payment (webhook), it is said in the chat, highlighted and pinned for a time that
 * grows with the amount (PIN_STEPS). A refund or chargeback ends the highlight.
 */
export function paidChatRoutes(deps: {
  tips: Tips
  chat: ChatService
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof paymentRateLimits>
}) {
  const { tips, chat } = deps
  return new Elysia({ name: 'paid-chat-routes', detail: { tags: ['payments'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .post(
      '/live/streams/:id/chat/paid',
      async ({ principal, params, body, headers, set }) => {
        const { st, text } = await chat.admit(principal.userId, params.id, body.text)
        const tip = await tips.create(
          principal.userId,
          {
            creatorId: st.stream.ownerId,
            amount: body.amount,
            currency: body.currency,
            subject: { kind: 'stream', id: st.stream.id },
            message: text,
            kind: 'chat',
          },
          headers['idempotency-key'],
        )
        set.status = 201
        return { ...tip, pinSeconds: pinSeconds(body.amount) }
      },
      {
        permission: 'social:write',
        rateLimit: 'payments.tips',
        params: t.Object({ id: t.String({ format: 'uuid' }) }),
        headers: t.Object({ 'idempotency-key': t.Optional(t.String({ minLength: 1, maxLength: 200 })) }),
        body: t.Object({
          amount: Integer({ minimum: 50, maximum: 100_000_000, description: 'Minor units' }),
          currency: t.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 4217 (usd, eur...)' }),
          text: t.String({ maxLength: CHAT_MAX_LENGTH * 4 }),
        }),
        response: {
          201: t.Object({
            id: t.String({ description: "The tip's id (GET /v1/tips/{id})" }),
            paymentIntentId: t.String(),
            clientSecret: t.String({ description: 'For Stripe.js to confirm the payment' }),
            amount: Integer(),
            currency: t.String(),
            fee: Integer({ description: "The platform's fee" }),
            status: t.Literal('pending'),
            pinSeconds: Integer({ description: 'How long it will stay pinned once paid' }),
          }),
        },
        detail: {
          summary: 'A paid highlighted message in a live chat (a PaymentIntent to the streamer)',
          description:
            'Checked as `POST /v1/live/streams/{id}/chat` checks a message (403/409/422 as there) before ' +
            'the payment. Once Stripe reports it paid, the room gets it as a `chat.message` with `paid` ' +
            '(amount, currency, pinnedUntil), pinned for longer the more is paid: from 500 minor units ' +
            '10 min, 1,000 30 min, 2,000 1 h, 5,000 2 h, 10,000 5 h (30 s under 200, 2 min from 200). ' +
            'A refund or chargeback ends the highlight (`chat.highlight_ended`).',
          responses: problemResponses(401, 403, 404, 409, 422, 503),
        },
      },
    )
}
