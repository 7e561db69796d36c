import { TAX_RATES } from './billing.ts'
import type { CheckoutSession, Price, Store, Subscription } from './store.ts'

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function page(title: string, body: string): Response {
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:16px system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1rem}.err{color:#b00}</style>
</head><body><p><small>Stripe stand-in (local)</small></p>${body}</body></html>`,
    { headers: { 'content-type': 'text/html; charset=utf-8' } },
  )
}

const money = (amount: number | null | undefined, currency: string | null | undefined) =>
  `${((amount ?? 0) / 100).toFixed(2)} ${String(currency ?? '').toUpperCase()}`

/** Checkout: what is bought and a Pay button; the form POSTs to this same URL. */
export function checkoutPage(store: Store, session: CheckoutSession, error?: string): Response {
  const plan = store.pendingCheckouts.get(session.id)
  const price: Price | undefined = plan ? store.prices.get(plan.priceId) : undefined
  const product = price ? store.products.get(String(price.product)) : undefined
  if (session.status !== 'open') return page('Paid', '<h1>This checkout is complete</h1>')
  return page(
    'Checkout',
    `<h1>${esc(product?.name)}</h1>
<p>${esc(money(price?.unit_amount, price?.currency))}${price?.recurring ? ` / ${esc(price.recurring.interval)}` : ''}${plan?.trialDays ? `, ${plan.trialDays} days free` : ''}</p>
${error ? `<p class="err">${esc(error)}</p>` : ''}
<form method="post">
<label>Card <select name="card"><option value="4242424242424242">4242 4242 4242 4242 (succeeds)</option>
<option value="4000000000000002">4000 0000 0000 0002 (declined)</option></select></label>
${plan?.automaticTax ? countryField() : ''}<p><button type="submit">Pay</button></p></form>`,
  )
}

/** The billing address's country, which automatic tax needs (the rate of each is shown). */
function countryField(): string {
  const options = [['US', 0], ...Object.entries(TAX_RATES)]
    .map(([c, rate]) => `<option value="${c}">${c} (tax ${rate}%)</option>`)
    .join('')
  return `<p><label>Billing country <select name="country">${options}</select></label></p>`
}

/** The customer portal: the customer's subscriptions, each with cancel or resume. */
export function portalPage(subs: Subscription[], returnUrl: string | null | undefined): Response {
  const rows = subs
    .map((s) => {
      const item = s.items?.data?.[0]
      const action = s.cancel_at_period_end ? 'resume' : 'cancel'
      return `<li>${esc(s.id)}: ${esc(s.status)}, ${s.cancel_at_period_end ? 'ends' : 'renews'} ${esc(new Date((item?.current_period_end ?? 0) * 1000).toISOString())}
<form method="post"><input type="hidden" name="subscription" value="${esc(s.id)}"><input type="hidden" name="action" value="${action}">
<button type="submit">${action === 'cancel' ? 'Cancel at period end' : 'Resume'}</button></form></li>`
    })
    .join('')
  return page(
    'Your subscriptions',
    `<h1>Your subscriptions</h1><ul>${rows}</ul>${returnUrl ? `<p><a href="${esc(returnUrl)}">Back</a></p>` : ''}`,
  )
}

export function onboardingPage(): Response {
  return page(
    'Connect onboarding',
    `<h1>Set up payouts</h1><p>Test details (business, bank account 000123456789) are filled in.</p>
<form method="post"><button type="submit">Submit</button></form>`,
  )
}
