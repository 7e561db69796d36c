import type Stripe from 'stripe'
import type { Database } from '../platform/db/connect.ts'

/** The Stripe customer of an account, made once (the idempotency key keeps a race to one). */
export async function customerFor(db: Database, stripe: Stripe, userId: string): Promise<string> {
  const found = await db
    .selectFrom('paymentCustomers')
    .select('stripeCustomerId')
    .where('userId', '=', userId)
    .executeTakeFirst()
  if (found) return found.stripeCustomerId
  const user = await db
    .selectFrom('users')
    .select(['email', 'username'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow()
  const customer = await stripe.customers.create(
    { email: user.email, name: user.username, metadata: { userId } },
    { idempotencyKey: `customer:${userId}` },
  )
  await db
    .insertInto('paymentCustomers')
    .values({ userId, stripeCustomerId: customer.id })
    .onConflict((oc) => oc.column('userId').doNothing())
    .execute()
  return customer.id
}

export async function userOfCustomer(db: Database, customerId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('paymentCustomers')
    .select('userId')
    .where('stripeCustomerId', '=', customerId)
    .executeTakeFirst()
  return row?.userId
}
