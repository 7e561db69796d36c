import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import postgres from 'postgres'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { startTestNode, type TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'
import { startSmtp } from './smtp.ts'

// Two workers of one deployment (two nodes on the same database), each with its digest loop.
let a: TestNode
let b: TestNode
let smtp: Awaited<ReturnType<typeof startSmtp>>
let db: postgres.Sql
let author: Account
const HOUR = 3_600_000

beforeAll(async () => {
  smtp = await startSmtp()
  const env = { SMTP_URL: smtp.url, PUBLIC_URL: 'https://sf.example' }
  a = await startSocialNode('digest-lock', env)
  b = await startTestNode('digest-lock-b', {
    join: a,
    env: { TRUST_PROXY: 'true', PASSWORD_MEMORY_KIB: '1024', PASSWORD_TIME_COST: '1', ...env },
  })
  db = postgres(a.databaseUrl, { max: 2, onnotice: () => {} })
  author = await register(a)
})
afterAll(async () => {
  await db?.end()
  await b?.stop()
  await a?.stop()
  await smtp?.stop()
})

/** Accounts following `author`, with a daily digest at `hour` (UTC). */
async function readers(n: number, hour: number): Promise<Account[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const me = await register(a)
      const prefs = await call(a, 'PUT', '/v1/notifications/preferences', {
        token: me.tokens.accessToken,
        body: { timeZone: 'UTC', digest: { frequency: 'daily', hour } },
      })
      expect(prefs.status).toBe(200)
      const follow = await call(a, 'POST', `/v1/users/${author.username}/follow`, {
        token: me.tokens.accessToken,
      })
      expect(follow.status).toBeLessThan(300)
      return me
    }),
  )
}

const digestRows = async (ids: string[]) =>
  db<{ userId: string; n: number }[]>`
    select user_id as "userId", count(*)::int as n from notification_deliveries
    where type = 'digest' and user_id = any(${ids}) group by user_id`

const digestMails = (who: Account) =>
  smtp.mails.filter((m) => m.to.includes(who.email) && m.headers.get('subject')?.includes('digest'))

/** What the workers' rounds said they composed ('digests made': accounts taken, digests queued). */
const made = () =>
  [...a.logs, ...b.logs]
    .filter((l) => l.msg === 'digests made')
    .reduce<{ accounts: number; digests: number }>(
      (sum, l) => ({
        accounts: sum.accounts + Number(l.accounts),
        digests: sum.digests + Number(l.digests),
      }),
      { accounts: 0, digests: 0 },
    )

/** Both workers' clocks moved ahead to half past `hour` (UTC, within a day), for `run`. */
async function at<T>(hour: number, run: () => Promise<T>): Promise<T> {
  const clocks = [a, b].map((n) => n.ctx.services.notifications.dispatcher.clock)
  const offset = (hour * HOUR + HOUR / 2 - (Date.now() % (24 * HOUR)) + 24 * HOUR) % (24 * HOUR)
  for (const c of clocks) c.offsetMs = offset
  try {
    return await run()
  } finally {
    for (const c of clocks) c.offsetMs = 0
  }
}

describe('digests with two workers', () => {
  test('two workers running the digest at once: each account is taken by one of them, its digest sent once', async () => {
    await writePost(a, author, { text: 'for the digests' })
    // Due in a few hours (not now, so that the workers' own loops leave them until the clock moves).
    const hour = (new Date().getUTCHours() + 3) % 24
    const many = await readers(16, hour)
    const before = made()
    await at(hour, async () => {
      // Each worker goes on while it says more may be due, both at the same time, three times over.
      const drain = async (n: TestNode) => {
        while (await n.ctx.services.notifications.digests.round()) {}
      }
      for (let i = 0; i < 3; i++) await Promise.all([drain(a), drain(b), drain(a), drain(b)])
    })
    const rows = await digestRows(many.map((m) => m.id))
    expect(rows).toHaveLength(many.length)
    expect(rows.every((r) => r.n === 1)).toBe(true)
    // No account was composed twice: the rows one worker holds are skipped by the other.
    const after = made()
    expect(after.accounts - before.accounts).toBe(many.length)
    expect(after.digests - before.digests).toBe(many.length)
    await eventually(async () => many.every((m) => digestMails(m).length === 1), 20_000)
    await Bun.sleep(500)
    expect(many.every((m) => digestMails(m).length === 1)).toBe(true)
  }, 90_000)

  test('an account whose settings another worker holds is skipped, not waited for, and done once released', async () => {
    const hour = (new Date().getUTCHours() + 5) % 24
    const [held, free] = (await readers(2, hour)) as [Account, Account]
    const before = made()
    await at(hour, async () => {
      // A worker's transaction holds `held` (as a round in progress would).
      await db.begin(async (tx) => {
        await tx`select 1 from notification_settings where user_id = ${held.id} for update`
        const started = Date.now()
        await a.ctx.services.notifications.digests.round()
        expect(Date.now() - started).toBeLessThan(5000)
        expect((await digestRows([held.id, free.id])).map((r) => r.userId)).toEqual([free.id])
      })
      await b.ctx.services.notifications.digests.round()
    })
    const rows = await digestRows([held.id, free.id])
    expect(rows.map((r) => [r.userId, r.n]).sort()).toEqual(
      [
        [held.id, 1],
        [free.id, 1],
      ].sort(),
    )
    expect(made().accounts - before.accounts).toBe(2)
    await eventually(async () => digestMails(held).length === 1 && digestMails(free).length === 1, 20_000)
  }, 60_000)
})
