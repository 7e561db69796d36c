import type { Agent } from 'node:https'
import type { Kysely } from 'kysely'
import webpush, { WebPushError } from 'web-push'
import type { DB } from '../../platform/db/schema.ts'
import type { Logger } from '../../platform/logger.ts'
import type { Links } from '../keys.ts'
import { type Channel, type Delivery, eachLimited, type Outcome, retryAfterMs } from './channel.ts'
import { InternalEndpointError, type PushEndpointGuard } from './endpoints.ts'

/**
 * Web push (RFC 8030) through `web-push`: payloads encrypted with aes128gcm (RFC 8291) for the
 * subscription's keys, signed with the deployment's VAPID key (RFC 8292), with TTL, urgency and a
 * topic (a grouped notification replaces the earlier one). A 404 or 410 from the push service
 * means the subscription is gone: it is removed, as is one whose endpoint is internal: by its
 * name, or by what the connection's own resolution answers (`agent` resolves through the guard).
 */
export class WebPushChannel implements Channel {
  readonly name = 'web_push' as const
  readonly notConfigured = null
  /** The VAPID Authorization header per push service origin: signed once, reused for 12 hours. */
  private readonly vapidHeaders = new Map<string, { header: string; until: number }>()

  constructor(
    private readonly db: Kysely<DB>,
    private readonly links: Links,
    private readonly vapid: { subject: string; publicKey: string; privateKey: string },
    private readonly log: Logger,
    private readonly guard: PushEndpointGuard,
    private readonly agent: Agent,
  ) {}

  private authorization(endpoint: string): string {
    const audience = new URL(endpoint).origin
    const now = Date.now()
    const kept = this.vapidHeaders.get(audience)
    if (kept && kept.until - now > 3_600_000) return kept.header
    const expires = Math.floor(now / 1000) + 12 * 3600
    const { Authorization } = webpush.getVapidHeaders(
      audience,
      this.vapid.subject,
      this.vapid.publicKey,
      this.vapid.privateKey,
      'aes128gcm',
      expires,
    )
    this.vapidHeaders.set(audience, { header: Authorization, until: expires * 1000 })
    return Authorization
  }

  async deliver(deliveries: Delivery[]): Promise<Map<string, Outcome>> {
    const out = new Map<string, Outcome>()
    if (deliveries.length === 0) return out
    const subs = new Map(
      (
        await this.db
          .selectFrom('pushSubscriptions')
          .selectAll()
          .where(
            'id',
            'in',
            deliveries.map((d) => d.targetId),
          )
          .execute()
      ).map((s) => [s.id, s]),
    )
    const gone: string[] = []
    await eachLimited(deliveries, 32, async (d) => {
      const sub = subs.get(d.targetId)
      if (!sub) {
        out.set(d.id, { state: 'skipped', reason: 'gone: the subscription was removed' })
        return
      }
      // As the WHATWG parser (the guard's) reads it: web-push parses with url.parse, which may read
      // an odd URL's host otherwise; the serialised form reads the same to both.
      const endpoint = new URL(sub.endpoint).href
      const refused = this.guard.refusalByName(endpoint)
      if (refused) {
        gone.push(sub.id)
        out.set(d.id, { state: 'failed', reason: `gone: the endpoint is ${refused}` })
        return
      }
      const payload = JSON.stringify({
        id: d.id,
        type: d.type,
        title: d.content.title,
        body: d.content.body.slice(0, 200),
        url: this.links.openUrl(d.id),
        count: d.content.count,
        tag: d.content.topic ?? d.id,
      })
      try {
        const res = await webpush.sendNotification(
          { endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
          payload,
          {
            headers: { Authorization: this.authorization(endpoint) },
            TTL: d.ttlSeconds,
            urgency: d.urgent ? 'high' : 'normal',
            ...(d.content.topic ? { topic: d.content.topic } : {}),
            contentEncoding: 'aes128gcm',
            timeout: 15_000,
            agent: this.agent,
          },
        )
        out.set(d.id, { state: 'sent', providerId: res.headers.location ?? undefined })
      } catch (error) {
        if (error instanceof WebPushError) {
          const status = error.statusCode
          const reason = `${status} ${error.body?.slice(0, 200) ?? ''}`.trim()
          if (status === 404 || status === 410) {
            gone.push(sub.id)
            out.set(d.id, { state: 'failed', reason: `gone: ${reason}` })
          } else if (status === 429 || status >= 500) {
            const headers = error.headers as Record<string, string | string[] | undefined> | undefined
            out.set(d.id, { state: 'retry', reason, afterMs: retryAfterMs(headers?.['retry-after']) })
          } else out.set(d.id, { state: 'failed', reason })
        } else if (error instanceof InternalEndpointError) {
          gone.push(sub.id)
          out.set(d.id, { state: 'failed', reason: 'gone: the endpoint resolves to an internal address' })
        } else {
          out.set(d.id, { state: 'retry', reason: (error as Error).message.slice(0, 300) })
        }
      }
    })
    if (gone.length) {
      await this.db.deleteFrom('pushSubscriptions').where('id', 'in', gone).execute()
      this.log.info({ removed: gone.length }, 'push subscriptions gone (404/410, internal) removed')
    }
    return out
  }
}
