import type Stripe from 'stripe'
import { STRIPE_API_VERSION } from '../stripe-client.ts'
import { type Api, completeCheckout, completeOnboarding, payoutDue, routes, StripeApiError } from './api.ts'
import { changeSubscription, DISPUTE_FEE, runDue } from './billing.ts'
import { WebhookSender } from './deliveries.ts'
import { type Form, parseForm } from './form.ts'
import { checkoutPage, onboardingPage, portalPage } from './pages.ts'
import { type Event, expand, Store, snapshot, stripeId } from './store.ts'

export interface StripeLocalOptions {
  port: number
  hostname?: string
  /** Where events go (STRIPE_LOCAL_WEBHOOK_URL) and the secret they are signed with. */
  webhookUrl?: string
  webhookSecret?: string
  retryBaseMs?: number
  maxAttempts?: number
  /** Each delivery waits up to this long first: events arrive in no guaranteed order. */
  maxJitterMs?: number
}

/**
 * A local Stripe: the subset of its API this platform uses, over HTTP as the SDK speaks it (form
 * bodies, bearer secret key, `Stripe-Version`, `Idempotency-Key`, `expand[]`), with Checkout,
 * portal and Connect onboarding pages, webhooks signed and retried, and a clock to advance.
 * Control routes under `/_local/` move the clock, make a card decline, open a dispute and list
 * what was delivered.
 */
export class StripeLocal {
  readonly store = new Store()
  readonly sender: WebhookSender
  /** Seconds the clock was moved ahead. */
  private offset = 0
  private server: ReturnType<typeof Bun.serve> | undefined
  private readonly idempotent = new Map<string, { status: number; body: string }>()
  /** What the SDK sent last (tests assert on it). */
  readonly requests: {
    method: string
    path: string
    version: string | null
    idempotencyKey: string | null
    form: Form
  }[] = []

  constructor(private readonly opts: StripeLocalOptions) {
    this.sender = new WebhookSender({
      url: opts.webhookUrl,
      secret: opts.webhookSecret,
      retryBaseMs: opts.retryBaseMs ?? 1000,
      maxAttempts: opts.maxAttempts ?? 8,
      maxJitterMs: opts.maxJitterMs ?? 50,
    })
  }

  get url(): string {
    return `http://${this.opts.hostname ?? '127.0.0.1'}:${this.server?.port}`
  }

  now(): number {
    return Math.floor(Date.now() / 1000) + this.offset
  }

  start(): string {
    this.server = Bun.serve({
      port: this.opts.port,
      hostname: this.opts.hostname ?? '127.0.0.1',
      fetch: (req) => this.handle(req),
    })
    return this.url
  }

  async stop(): Promise<void> {
    this.sender.stop()
    await this.server?.stop(true)
  }

  /** Moves the clock ahead and runs what became due (renewals, dunning, payouts). */
  advance(seconds: number): void {
    this.offset += seconds
    runDue(this.api())
    this.runPayouts()
  }

  private api(): Api {
    return {
      store: this.store,
      baseUrl: this.url,
      now: () => this.now(),
      emit: (type, object, opts) => this.emit(type, object, opts),
    }
  }

  private emit(
    type: Stripe.Event.Type,
    object: { id: string },
    opts: { account?: string; previous?: object } = {},
  ) {
    const event: Event = {
      id: stripeId('evt'),
      object: 'event',
      api_version: STRIPE_API_VERSION,
      created: this.now(),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: {
        object: snapshot(object) as Stripe.Event.Data.Object,
        ...(opts.previous ? { previous_attributes: opts.previous } : {}),
      },
      ...(opts.account ? { account: opts.account } : {}),
    } as Event
    this.store.events.set(event.id, event)
    this.sender.send(event)
  }

  private runPayouts(): void {
    for (const [account, balances] of this.store.accountBalances) {
      const a = this.store.accounts.get(account)
      if (!a?.payouts_enabled || !payoutDue(a.settings?.payouts?.schedule, this.now())) continue
      for (const [currency, amount] of balances) {
        if (amount <= 0) continue
        const payout = {
          id: stripeId('po'),
          object: 'payout' as const,
          amount,
          currency,
          status: 'in_transit',
          arrival_date: this.now() + 86_400,
          method: 'standard',
          created: this.now(),
        }
        this.store.payouts.set(payout.id, payout)
        balances.set(currency, 0)
        this.emit('payout.created', payout, { account })
        payout.status = 'paid'
        this.emit('payout.paid', payout, { account })
      }
    }
  }

  async handle(req: Request): Promise<Response> {
    const url = new URL(req.url)
    try {
      if (url.pathname.startsWith('/_local/')) return await this.control(req, url)
      if (
        url.pathname.startsWith('/pay/') ||
        url.pathname.startsWith('/portal/') ||
        url.pathname.startsWith('/connect/')
      )
        return await this.pages(req, url)
      return await this.apiCall(req, url)
    } catch (error) {
      if (error instanceof StripeApiError)
        return Response.json(
          {
            error: {
              type: 'invalid_request_error',
              message: error.message,
              param: error.param,
              code: error.code,
            },
          },
          { status: error.status },
        )
      throw error
    }
  }

  private async apiCall(req: Request, url: URL): Promise<Response> {
    const auth = secretKeyOf(req.headers.get('authorization') ?? '')
    if (!/^sk_(test|live)_\S+$/.test(auth))
      return Response.json(
        { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } },
        { status: 401 },
      )
    const key = req.headers.get('idempotency-key')
    const text = req.method === 'GET' ? url.search.slice(1) : await req.text()
    const form = parseForm(text)
    this.requests.push({
      method: req.method,
      path: url.pathname,
      version: req.headers.get('stripe-version'),
      idempotencyKey: key,
      form,
    })
    if (key && req.method === 'POST') {
      const seen = this.idempotent.get(`${auth} ${key}`)
      if (seen)
        return new Response(seen.body, {
          status: seen.status,
          headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' },
        })
    }
    const segments = url.pathname.split('/')
    let handler = routes[`${req.method} ${url.pathname}`]
    let id = ''
    if (!handler) {
      for (const at of [3, 4]) {
        const candidate = segments.slice()
        id = candidate[at] ?? ''
        if (!id) continue
        candidate[at] = ':id'
        handler = routes[`${req.method} ${candidate.join('/')}`]
        if (handler) break
      }
    }
    if (!handler) throw new StripeApiError(404, `Unrecognized request URL (${req.method}: ${url.pathname})`)
    const result = handler(this.api(), form, id)
    const expandPaths = (Array.isArray(form.expand) ? form.expand : []).filter(
      (e): e is string => typeof e === 'string',
    )
    const body = JSON.stringify(expandPaths.length ? expand(this.store, result, expandPaths) : result)
    if (key && req.method === 'POST') this.idempotent.set(`${auth} ${key}`, { status: 200, body })
    return new Response(body, {
      headers: { 'content-type': 'application/json', 'request-id': stripeId('req') },
    })
  }

  private async pages(req: Request, url: URL): Promise<Response> {
    const [, kind, id = ''] = url.pathname.split('/')
    const form = req.method === 'POST' ? parseForm(await req.text()) : {}
    if (kind === 'pay') {
      const session = this.store.sessions.get(id)
      if (!session) return new Response('No such checkout', { status: 404 })
      if (req.method !== 'POST') return checkoutPage(this.store, session)
      if (form.card === '4000000000000002')
        return checkoutPage(this.store, session, 'Your card was declined.')
      completeCheckout(this.api(), session, typeof form.country === 'string' ? form.country : undefined)
      return Response.redirect(session.success_url ?? `${this.url}/pay/${id}`, 303)
    }
    if (kind === 'portal') {
      const portal = this.store.portalSessions.get(id)
      if (!portal) return new Response('No such portal session', { status: 404 })
      const mine = [...this.store.subscriptions.values()].filter((s) => s.customer === portal.customer)
      if (req.method === 'POST') {
        const sub = mine.find((s) => s.id === form.subscription)
        if (sub && sub.status !== 'canceled')
          changeSubscription(this.api(), sub, { cancel_at_period_end: form.action === 'cancel' })
        return Response.redirect(url.toString(), 303)
      }
      return portalPage(mine, portal.return_url)
    }
    if (req.method !== 'POST')
      return this.store.linkTargets.has(id) ? onboardingPage() : new Response('No such link', { status: 404 })
    return Response.redirect(completeOnboarding(this.api(), id), 303)
  }

  /** Test and developer controls. */
  private async control(req: Request, url: URL): Promise<Response> {
    const body =
      req.method === 'POST' ? ((await req.json().catch(() => ({}))) as Record<string, unknown>) : {}
    const path = url.pathname.slice('/_local'.length)
    if (path === '/clock' && req.method === 'GET')
      return Response.json({ now: this.now(), offset: this.offset })
    if (path === '/clock/advance' && req.method === 'POST') {
      const seconds = Number(body.seconds)
      if (!Number.isSafeInteger(seconds) || seconds < 0)
        return Response.json({ error: 'seconds: a whole number ≥ 0' }, { status: 400 })
      this.advance(seconds)
      return Response.json({ now: this.now() })
    }
    const card = path.match(/^\/customers\/([^/]+)\/card$/)
    if (card && req.method === 'POST') {
      if (body.outcome === 'declined') this.store.decliningCustomers.add(card[1]!)
      else this.store.decliningCustomers.delete(card[1]!)
      return Response.json({
        customer: card[1],
        outcome: body.outcome === 'declined' ? 'declined' : 'succeeds',
      })
    }
    if (path === '/disputes' && req.method === 'POST')
      return Response.json(this.openDispute(String(body.charge ?? '')))
    const close = path.match(/^\/disputes\/([^/]+)\/close$/)
    if (close && req.method === 'POST') {
      if (body.outcome !== 'won' && body.outcome !== 'lost')
        return Response.json({ error: 'outcome: won or lost' }, { status: 400 })
      return Response.json(this.closeDispute(close[1]!, body.outcome))
    }
    if (path === '/events' && req.method === 'GET') return Response.json([...this.store.events.values()])
    if (path === '/deliveries' && req.method === 'GET') return Response.json(this.sender.deliveries)
    const resend = path.match(/^\/events\/([^/]+)\/resend$/)
    if (resend && req.method === 'POST') {
      const event = this.store.events.get(resend[1]!)
      if (!event) return Response.json({ error: 'no such event' }, { status: 404 })
      return Response.json({ status: await this.sender.resend(event) })
    }
    return Response.json({ error: 'not found' }, { status: 404 })
  }

  /** A chargeback on a charge: the amount and the dispute fee are taken at once (funds withdrawn). */
  openDispute(chargeId: string) {
    const charge = this.store.charges.get(chargeId)
    if (!charge) throw new StripeApiError(404, 'No such charge', 'charge')
    const amount = (charge.amount ?? 0) - (charge.amount_refunded ?? 0)
    const txn = {
      id: stripeId('txn'),
      object: 'balance_transaction' as const,
      amount: -amount,
      fee: DISPUTE_FEE,
      net: -amount - DISPUTE_FEE,
      currency: charge.currency ?? 'usd',
      type: 'adjustment' as const,
      created: this.now(),
    }
    this.store.balanceTransactions.set(txn.id, txn)
    const dispute = {
      id: stripeId('dp'),
      object: 'dispute' as const,
      amount,
      currency: charge.currency ?? 'usd',
      charge: charge.id,
      payment_intent: String(charge.payment_intent),
      reason: 'fraudulent',
      status: 'needs_response' as const,
      balance_transactions: [txn],
      created: this.now(),
      metadata: {},
    }
    this.store.disputes.set(dispute.id, dispute)
    charge.disputed = true
    this.emit('charge.dispute.created', dispute)
    return dispute
  }

  /**
   * The dispute's outcome (`charge.dispute.closed`): won gives the disputed amount back (the
   * dispute fee stays taken); lost keeps everything as it is.
   */
  closeDispute(disputeId: string, outcome: 'won' | 'lost') {
    const dispute = this.store.disputes.get(disputeId)
    if (!dispute) throw new StripeApiError(404, 'No such dispute', 'dispute')
    if (dispute.status === 'won' || dispute.status === 'lost')
      throw new StripeApiError(400, 'This dispute is closed', 'dispute')
    if (outcome === 'won') {
      const txn = {
        id: stripeId('txn'),
        object: 'balance_transaction' as const,
        amount: dispute.amount ?? 0,
        fee: 0,
        net: dispute.amount ?? 0,
        currency: dispute.currency ?? 'usd',
        type: 'adjustment' as const,
        created: this.now(),
      }
      this.store.balanceTransactions.set(txn.id, txn)
      dispute.balance_transactions = [
        ...(dispute.balance_transactions ?? []),
        txn,
      ] as typeof dispute.balance_transactions
    }
    dispute.status = outcome
    this.emit('charge.dispute.closed', dispute)
    return dispute
  }
}

/** The secret key of a request: `Bearer sk_...` (the SDK) or Basic with it as the user (`curl -u sk_...:`). */
function secretKeyOf(header: string): string {
  if (header.startsWith('Bearer ')) return header.slice(7)
  if (header.startsWith('Basic ')) return atob(header.slice(6)).split(':')[0] ?? ''
  return ''
}
