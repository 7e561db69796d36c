import type { Agent } from 'node:https'
import { type App, type Credential, cert, deleteApp, initializeApp } from 'firebase-admin/app'
import { getMessaging, type Message, type Messaging } from 'firebase-admin/messaging'
import { JWT } from 'google-auth-library'
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { newId } from '../../platform/ids.ts'
import type { Logger } from '../../platform/logger.ts'
import type { Links } from '../keys.ts'
import { type Channel, type Delivery, eachLimited, type Outcome } from './channel.ts'

export interface ServiceAccount {
  project_id: string
  client_email: string
  private_key: string
}

/**
 * Mobile push through FCM HTTP v1 (`firebase-admin`'s `send`): a notification with the tracked
 * link in its data, a collapse key for grouped notifications, priority and TTL. A token FCM
 * answers UNREGISTERED (or not a valid registration) is removed. Without FCM_SERVICE_ACCOUNT_FILE
 * the channel is not configured.
 */
export class FcmChannel implements Channel {
  readonly name = 'mobile_push' as const
  readonly notConfigured: string | null
  private readonly app: App | undefined
  private readonly messaging: Messaging | undefined

  constructor(
    private readonly db: Kysely<DB>,
    private readonly links: Links,
    private readonly log: Logger,
    account: ServiceAccount | undefined,
    agent?: Agent,
    /** FCM_CONNECT_TO: where the SDK's requests go instead of Google's hosts (and the CA it trusts). */
    connect?: { to: string; ca?: string },
  ) {
    if (!account) {
      this.notConfigured = 'mobile push is not configured (FCM_SERVICE_ACCOUNT_FILE)'
      return
    }
    this.notConfigured = null
    this.app = initializeApp(
      {
        credential: connect
          ? redirectedCredential(account, connect)
          : cert(
              {
                projectId: account.project_id,
                clientEmail: account.client_email,
                privateKey: account.private_key,
              },
              agent,
            ),
        projectId: account.project_id,
        ...(agent ? { httpAgent: agent } : {}),
      },
      `sf-fcm-${newId()}`,
    )
    this.messaging = getMessaging(this.app)
  }

  async close(): Promise<void> {
    if (this.app) await deleteApp(this.app)
  }

  async deliver(deliveries: Delivery[]): Promise<Map<string, Outcome>> {
    const out = new Map<string, Outcome>()
    if (deliveries.length === 0) return out
    const messaging = this.messaging
    if (!messaging) {
      for (const d of deliveries) out.set(d.id, { state: 'skipped', reason: 'not_configured' })
      return out
    }
    const devices = new Map(
      (
        await this.db
          .selectFrom('devices')
          .select(['id', 'token'])
          .where(
            'id',
            'in',
            deliveries.map((d) => d.targetId),
          )
          .execute()
      ).map((r) => [r.id, r.token]),
    )
    const gone: string[] = []
    await eachLimited(deliveries, 16, async (d) => {
      const token = devices.get(d.targetId)
      if (!token) {
        out.set(d.id, { state: 'skipped', reason: 'gone: the device was removed' })
        return
      }
      const message: Message = {
        token,
        notification: { title: d.content.title, body: d.content.body.slice(0, 200) },
        data: {
          deliveryId: d.id,
          type: d.type,
          url: this.links.openUrl(d.id),
          count: String(d.content.count),
        },
        android: {
          priority: d.urgent ? 'high' : 'normal',
          ttl: d.ttlSeconds * 1000,
          ...(d.content.topic
            ? { collapseKey: d.content.topic, notification: { tag: d.content.topic } }
            : {}),
        },
        apns: {
          headers: {
            'apns-priority': d.urgent ? '10' : '5',
            'apns-expiration': String(Math.floor(Date.now() / 1000) + d.ttlSeconds),
            ...(d.content.topic ? { 'apns-collapse-id': d.content.topic } : {}),
          },
        },
      }
      try {
        const name = await messaging.send(message)
        out.set(d.id, { state: 'sent', providerId: name })
      } catch (error) {
        const code = (error as { code?: string }).code ?? ''
        const reason = `${code} ${(error as Error).message}`.trim().slice(0, 300)
        if (
          code === 'messaging/registration-token-not-registered' ||
          code === 'messaging/invalid-registration-token'
        ) {
          gone.push(d.targetId)
          out.set(d.id, { state: 'failed', reason: `gone: ${reason}` })
        } else if (
          code === 'messaging/invalid-argument' ||
          code === 'messaging/mismatched-credential' ||
          code === 'messaging/sender-id-mismatch'
        ) {
          out.set(d.id, { state: 'failed', reason })
        } else out.set(d.id, { state: 'retry', reason })
      }
    })
    if (gone.length) {
      await this.db.deleteFrom('devices').where('id', 'in', gone).execute()
      this.log.info({ removed: gone.length }, 'device tokens FCM no longer knows removed')
    }
    return out
  }
}

/**
 * The service account's OAuth token (the JWT bearer grant, google-auth-library) fetched from
 * FCM_CONNECT_TO instead of Google: the token request goes through fetch, which no agent reaches.
 */
function redirectedCredential(account: ServiceAccount, connect: { to: string; ca?: string }): Credential {
  const jwt = new JWT({
    email: account.client_email,
    key: account.private_key,
    scopes: ['https://www.googleapis.com/auth/firebase.messaging'],
    transporterOptions: {
      fetchImplementation: ((input: string | URL | Request, init?: RequestInit) => {
        const url = new URL(input instanceof Request ? input.url : String(input))
        url.host = connect.to
        return fetch(url, { ...init, ...(connect.ca ? { tls: { ca: connect.ca } } : {}) })
      }) as typeof fetch,
    },
  })
  return {
    getAccessToken: async () => {
      const token = await jwt.authorize()
      return {
        access_token: token.access_token ?? '',
        expires_in: Math.max(
          60,
          Math.floor(((token.expiry_date ?? Date.now() + 3_600_000) - Date.now()) / 1000),
        ),
      }
    },
  }
}
