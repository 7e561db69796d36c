import Stripe from 'stripe'
import type { Event } from './store.ts'

export interface Delivery {
  eventId: string
  type: string
  attempt: number
  status: number | 'error'
  at: number
}

/**
 * Sends events to the webhook URL as Stripe does: signed (`Stripe-Signature`, with the endpoint's
 * secret), each on its own after a random delay (so in no guaranteed order), and retried with
 * back-off until a 2xx or `maxAttempts`.
 */
export class WebhookSender {
  readonly deliveries: Delivery[] = []
  private readonly inFlight = new Set<Promise<void>>()
  private stopped = false
  private readonly signer = new Stripe('sk_test_signer')

  /** Points deliveries elsewhere (a platform that started after the stand-in). */
  setUrl(url: string): void {
    this.opts.url = url
  }

  constructor(
    private readonly opts: {
      url: string | undefined
      secret: string | undefined
      retryBaseMs: number
      maxAttempts: number
      maxJitterMs: number
    },
  ) {}

  send(event: Event): void {
    if (!this.opts.url || !this.opts.secret || this.stopped) return
    const run = this.deliver(event).finally(() => this.inFlight.delete(run))
    this.inFlight.add(run)
  }

  /** Sends one event again, once, now (a replay). */
  async resend(event: Event): Promise<number | 'error'> {
    return this.attempt(event, 0)
  }

  /** Resolves once every event sent so far has been delivered or given up. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight])
  }

  stop(): void {
    this.stopped = true
  }

  private async deliver(event: Event): Promise<void> {
    await Bun.sleep(Math.random() * this.opts.maxJitterMs)
    for (let attempt = 1; attempt <= this.opts.maxAttempts && !this.stopped; attempt++) {
      const status = await this.attempt(event, attempt)
      if (typeof status === 'number' && status >= 200 && status < 300) return
      await Bun.sleep(this.opts.retryBaseMs * 2 ** (attempt - 1))
    }
  }

  private async attempt(event: Event, attempt: number): Promise<number | 'error'> {
    const payload = JSON.stringify(event)
    const signature = await this.signer.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: this.opts.secret ?? '',
    })
    let status: number | 'error'
    try {
      const res = await fetch(this.opts.url ?? '', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': signature,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      })
      await res.arrayBuffer()
      status = res.status
    } catch {
      status = 'error'
    }
    this.deliveries.push({ eventId: event.id, type: event.type ?? '', attempt, status, at: Date.now() })
    return status
  }
}
