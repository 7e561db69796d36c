import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import postgres from 'postgres'
import type { TestNode } from './node.ts'

/** A client address of its own for each call, so that per-address limits do not mix tests up. */
export function randomIp(): string {
  return `10.${rand(256)}.${rand(256)}.${rand(256)}`
}

function rand(n: number) {
  return Math.floor(Math.random() * n)
}

export function strongPassword(): string {
  return `Pw-${crypto.randomUUID()}`
}

export function uniqueUsername(tag = 'u'): string {
  return `${tag}_${Math.random().toString(36).slice(2, 10)}`
}

export interface Tokens {
  accessToken: string
  refreshToken: string
  sessionId: string
  expiresIn: number
}

export interface Account {
  id: string
  username: string
  email: string
  password: string
  tokens: Tokens
}

export async function call(
  node: TestNode,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string; ip?: string; headers?: Record<string, string> } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the route answers
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { 'x-forwarded-for': opts.ip ?? randomIp(), ...opts.headers }
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  const res = await node.request(path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers }
}

export async function register(
  node: TestNode,
  overrides: Partial<{ username: string; email: string; password: string }> = {},
) {
  const username = overrides.username ?? uniqueUsername()
  const input = {
    username,
    email: overrides.email ?? `${username}@example.test`,
    password: overrides.password ?? strongPassword(),
  }
  const started = await call(node, 'POST', '/v1/auth/register', { body: input })
  if (started.status !== 202)
    throw new Error(`register failed: ${started.status} ${JSON.stringify(started.body)}`)
  const token = await signupToken(node, input.email)
  const res = await call(node, 'POST', '/v1/auth/register/confirm', { body: { token } })
  if (res.status !== 201)
    throw new Error(`register/confirm failed: ${res.status} ${JSON.stringify(res.body)}`)
  const { user, ...tokens } = res.body
  return { id: user.id, username, email: input.email, password: input.password, tokens } as Account
}

/**
 * The code of the sign-up link mailed to `email`, read from the mail queue (it is there whether
 * the node sends by SMTP or keeps mail in a folder, and before any worker sends it).
 */
export async function signupToken(node: TestNode, email: string, ms = 10_000): Promise<string> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const row = await node.ctx.db
      .selectFrom('mailQueue')
      .select('textBody')
      .where('toAddress', '=', email)
      .where('kind', '=', 'signup_confirm')
      .orderBy('createdAt', 'desc')
      .executeTakeFirst()
    if (row) return tokenIn({ to: email, subject: '', text: row.textBody })
    await Bun.sleep(20)
  }
  throw new Error(`no sign-up link mailed to ${email} within ${ms} ms`)
}

export interface StoredMail {
  to: string
  subject: string
  text: string
}

/** Mail the node's folder mailer has written so far. */
export function mailbox(node: TestNode): StoredMail[] {
  return readdirSync(node.mailDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(node.mailDir, f), 'utf8')))
}

export async function waitForMail(
  node: TestNode,
  to: string,
  subject: string,
  ms = 10_000,
): Promise<StoredMail> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const found = mailbox(node)
      .filter((m) => m.to === to && m.subject.includes(subject))
      .at(-1)
    if (found) return found
    await Bun.sleep(50)
  }
  throw new Error(`no mail "${subject}" to ${to} within ${ms} ms`)
}

export function tokenIn(mail: StoredMail): string {
  const match = /token=([A-Za-z0-9_-]+)/.exec(mail.text)
  if (!match) throw new Error(`no token in mail: ${mail.text}`)
  return match[1]!
}

/** Gives an account a role with the operator's command, and signs it in again (the role is in the token). */
export async function promote(node: TestNode, account: Account, role: string): Promise<Account> {
  const setRole = Bun.spawn([process.execPath, 'src/cli/set-role.ts', account.username, role], {
    env: { ...process.env, DATABASE_URL: node.databaseUrl },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  if ((await setRole.exited) !== 0) throw new Error(await new Response(setRole.stderr).text())
  const login = await call(node, 'POST', '/v1/auth/login', {
    body: { login: account.username, password: account.password },
  })
  account.tokens = login.body
  return account
}

/** `signupToken` for nodes in other processes: reads the mail queue of the deployment's database. */
export async function signupTokenIn(databaseUrl: string, email: string, ms = 10_000): Promise<string> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    const deadline = Date.now() + ms
    while (Date.now() < deadline) {
      const [row] = await sql<{ text_body: string }[]>`
        select text_body from mail_queue where to_address = ${email} and kind = 'signup_confirm'
        order by created_at desc limit 1`
      if (row) return tokenIn({ to: email, subject: '', text: row.text_body })
      await Bun.sleep(20)
    }
    throw new Error(`no sign-up link mailed to ${email} within ${ms} ms`)
  } finally {
    await sql.end()
  }
}
