import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import webpush from 'web-push'
import type { Database } from '../platform/db/connect.ts'

export interface NotificationKeys {
  vapidPublic: string
  vapidPrivate: string
  linkSecret: Uint8Array
}

/**
 * The VAPID key pair (VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or a pair the first node made and
 * kept in the database for every node, like the playback key) and the key of unsubscribe and
 * tracked links. Browsers' subscriptions are bound to the public key: it must never change.
 */
export async function notificationKeys(
  db: Database,
  configured: { publicKey?: string; privateKey?: string },
): Promise<NotificationKeys> {
  const made = webpush.generateVAPIDKeys()
  await db
    .insertInto('notificationKeys')
    .values({
      id: 1,
      vapidPublic: made.publicKey,
      vapidPrivate: made.privateKey,
      linkSecret: randomBytes(32),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
  const row = await db
    .selectFrom('notificationKeys')
    .selectAll()
    .where('id', '=', 1)
    .executeTakeFirstOrThrow()
  return {
    vapidPublic: configured.publicKey ?? row.vapidPublic,
    vapidPrivate: configured.privateKey ?? row.vapidPrivate,
    linkSecret: new Uint8Array(row.linkSecret),
  }
}

/**
 * Signed links that work without signing in: one-click unsubscribe (`<user>.<type>.<mac>`) and
 * tracked opens (`<delivery>.<mac>`). They carry no expiry: an unsubscribe link in an old mail
 * must still work (RFC 8058), and an open only marks its own delivery.
 */
export class Links {
  constructor(
    private readonly secret: Uint8Array,
    private readonly publicUrl: string,
  ) {}

  private mac(purpose: string, body: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}:${body}`).digest('base64url').slice(0, 32)
  }

  private check(purpose: string, body: string, mac: string): boolean {
    const want = Buffer.from(this.mac(purpose, body))
    const got = Buffer.from(mac)
    return want.length === got.length && timingSafeEqual(want, got)
  }

  unsubscribeToken(userId: string, type: string): string {
    return `${userId}.${type}.${this.mac('unsubscribe', `${userId}.${type}`)}`
  }

  /** The account and type (or `all`, `digest`) of a valid token; undefined otherwise. */
  readUnsubscribe(token: string): { userId: string; type: string } | undefined {
    const [userId, type, mac, extra] = token.split('.')
    if (!userId || !type || !mac || extra !== undefined) return undefined
    return this.check('unsubscribe', `${userId}.${type}`, mac) ? { userId, type } : undefined
  }

  unsubscribeUrl(userId: string, type: string): string {
    return `${this.publicUrl}/v1/notifications/unsubscribe?token=${this.unsubscribeToken(userId, type)}`
  }

  /** The page people open from the mail's footer (a form that posts the one-click request). */
  unsubscribePage(userId: string, type: string): string {
    return `${this.publicUrl}/unsubscribe?token=${this.unsubscribeToken(userId, type)}`
  }

  openUrl(deliveryId: string): string {
    return `${this.publicUrl}/v1/notifications/open/${deliveryId}.${this.mac('open', deliveryId)}`
  }

  readOpen(token: string): string | undefined {
    const [id, mac, extra] = token.split('.')
    if (!id || !mac || extra !== undefined) return undefined
    return this.check('open', id, mac) ? id : undefined
  }
}
