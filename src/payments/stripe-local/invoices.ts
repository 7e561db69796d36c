import type Stripe from 'stripe'
import { attemptPayment, type Billing, newPaymentIntent } from './billing.ts'
import { type Form, int, metadata, str } from './form.ts'
import { type Invoice, stripeId } from './store.ts'

type InvoiceItem = Pick<Stripe.InvoiceItem, 'id' | 'object' | 'amount' | 'currency' | 'description'> & {
  customer: string
  invoice: string
}

/**
 * One-off invoices (`collection_method=send_invoice`), as Stripe makes them: a draft, items added
 * to it (`invoiceitems` with `invoice`), finalized (open, a hosted page to pay), paid by the
 * customer (here `POST /v1/invoices/:id/pay` with a test payment method), which emits
 * `invoice.paid` with the PaymentIntent among its payments.
 */
export function createInvoice(b: Billing, f: Form, fail: (message: string, param: string) => never): Invoice {
  const customer = str(f, 'customer') ?? fail('Missing required param: customer.', 'customer')
  if (!b.store.customers.has(customer)) fail(`No such customer: '${customer}'`, 'customer')
  const invoice: Invoice = {
    id: stripeId('in'),
    object: 'invoice',
    customer,
    currency: str(f, 'currency') ?? 'usd',
    collection_method: (str(f, 'collection_method') ??
      'charge_automatically') as Invoice['collection_method'],
    description: str(f, 'description') ?? null,
    amount_due: 0,
    amount_paid: 0,
    amount_remaining: 0,
    total: 0,
    subtotal: 0,
    attempt_count: 0,
    attempted: false,
    billing_reason: 'manual',
    status: 'draft',
    due_date: int(f, 'days_until_due') ? b.now() + int(f, 'days_until_due')! * 86_400 : null,
    hosted_invoice_url: null,
    parent: null,
    lines: { object: 'list', has_more: false, data: [] },
    payments: { object: 'list', has_more: false, data: [] },
    next_payment_attempt: null,
    created: b.now(),
    metadata: metadata(f),
  }
  b.store.invoices.set(invoice.id, invoice)
  b.emit('invoice.created', invoice)
  return invoice
}

export function createInvoiceItem(b: Billing, f: Form, fail: (message: string, param: string) => never) {
  const customer = str(f, 'customer') ?? fail('Missing required param: customer.', 'customer')
  const amount = int(f, 'amount') ?? fail('Missing required param: amount.', 'amount')
  // Items pending for a customer's next invoice are not kept here: an item goes on a draft it names.
  const invoiceId =
    str(f, 'invoice') ?? fail('The stand-in adds items to a draft invoice: invoice', 'invoice')
  const invoice = b.store.invoices.get(invoiceId) ?? fail(`No such invoice: '${invoiceId}'`, 'invoice')
  if (invoice.status !== 'draft') fail('The invoice is no longer a draft', 'invoice')
  const item: InvoiceItem = {
    id: stripeId('ii'),
    object: 'invoiceitem',
    amount,
    currency: str(f, 'currency') ?? 'usd',
    description: str(f, 'description') ?? null,
    customer,
    invoice: invoiceId,
  }
  invoice.lines?.data?.push({
    id: stripeId('il'),
    object: 'line_item',
    amount,
    currency: item.currency,
    description: item.description,
  } as Stripe.InvoiceLineItem)
  invoice.subtotal = (invoice.subtotal ?? 0) + amount
  invoice.total = (invoice.total ?? 0) + amount
  invoice.amount_due = (invoice.amount_due ?? 0) + amount
  invoice.amount_remaining = invoice.amount_due
  return item
}

export function finalizeInvoice(b: Billing, invoice: Invoice, baseUrl: string): Invoice {
  if (invoice.status !== 'draft') return invoice
  invoice.status = 'open'
  invoice.number = `LOCAL-${invoice.id.slice(-8).toUpperCase()}`
  invoice.hosted_invoice_url = `${baseUrl}/_local/invoices/${invoice.id}`
  b.emit('invoice.finalized', invoice)
  return invoice
}

/** The customer pays an open invoice with `paymentMethod` (pm_card_chargeDeclined declines). */
export function payOpenInvoice(b: Billing, invoice: Invoice, paymentMethod: string): Invoice {
  const amount = invoice.amount_due ?? 0
  const pi = newPaymentIntent(b, {
    amount,
    currency: invoice.currency ?? 'usd',
    customer: String(invoice.customer),
    description: `Invoice ${invoice.number ?? invoice.id}`,
  })
  pi.payment_method = paymentMethod
  attemptPayment(b, pi, paymentMethod === 'pm_card_chargeDeclined')
  invoice.attempt_count = (invoice.attempt_count ?? 0) + 1
  invoice.attempted = true
  invoice.payments?.data?.push({
    id: stripeId('inpay'),
    object: 'invoice_payment',
    invoice: invoice.id,
    amount_paid: pi.status === 'succeeded' ? amount : null,
    status: pi.status === 'succeeded' ? 'paid' : 'open',
    payment: { type: 'payment_intent', payment_intent: pi.id },
  } as Stripe.InvoicePayment)
  if (pi.status !== 'succeeded') {
    b.emit('invoice.payment_failed', invoice)
    return invoice
  }
  invoice.status = 'paid'
  invoice.amount_paid = amount
  invoice.amount_remaining = 0
  b.emit('invoice.paid', invoice)
  return invoice
}
