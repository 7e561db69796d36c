import twilio from 'twilio'
import type { Channel, Delivery, Outcome } from './channel.ts'
import { eachLimited } from './channel.ts'

export interface TwilioSettings {
  accountSid: string
  authToken: string
  /** A sender number or a messaging service (MG...). */
  from: string
  /** Another API base URL (a local stand-in); Twilio's own when absent. */
  apiUrl?: string
  /** Where Twilio posts delivery receipts (our webhook), when PUBLIC_URL is reachable. */
  statusCallback?: string
}

/**
 * SMS through Twilio's Messages API (`twilio`): security notices, and the types the account turns
 * on once its number is verified. Without TWILIO_ACCOUNT_SID the channel is not configured.
 */
export class SmsChannel implements Channel {
  readonly name = 'sms' as const
  readonly notConfigured: string | null
  private readonly client: ReturnType<typeof twilio> | undefined

  constructor(private readonly settings: TwilioSettings | undefined) {
    if (!settings) {
      this.notConfigured = 'SMS is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM)'
      return
    }
    this.notConfigured = null
    this.client = twilio(settings.accountSid, settings.authToken, { autoRetry: false })
    if (settings.apiUrl) this.client.api.baseUrl = settings.apiUrl
  }

  /** Sends one text now (verification codes); throws what Twilio answered. */
  async sendText(to: string, body: string): Promise<string> {
    if (!this.client || !this.settings) throw new Error(this.notConfigured ?? 'SMS is not configured')
    const from = this.settings.from
    const message = await this.client.messages.create({
      to,
      body,
      ...(from.startsWith('MG') ? { messagingServiceSid: from } : { from }),
      ...(this.settings.statusCallback ? { statusCallback: this.settings.statusCallback } : {}),
    })
    return message.sid
  }

  /** Whether a status callback came from Twilio (X-Twilio-Signature over the URL and the form). */
  signed(signature: string, url: string, params: Record<string, string>): boolean {
    if (!this.settings) return false
    return twilio.validateRequest(this.settings.authToken, signature, url, params)
  }

  async deliver(deliveries: Delivery[]): Promise<Map<string, Outcome>> {
    const out = new Map<string, Outcome>()
    if (!this.client) {
      for (const d of deliveries) out.set(d.id, { state: 'skipped', reason: 'not_configured' })
      return out
    }
    await eachLimited(deliveries, 8, async (d) => {
      const text = `${d.content.title}${d.content.body ? `: ${d.content.body}` : ''}`.slice(0, 300)
      try {
        out.set(d.id, { state: 'sent', providerId: await this.sendText(d.targetId, `SocialFlow: ${text}`) })
      } catch (error) {
        const status = (error as { status?: number }).status ?? 0
        const code = (error as { code?: number }).code
        const reason = `${status || ''} ${code ?? ''} ${(error as Error).message}`.trim().slice(0, 300)
        if (status >= 400 && status < 500 && status !== 429) out.set(d.id, { state: 'failed', reason })
        else out.set(d.id, { state: 'retry', reason })
      }
    })
    return out
  }
}
