/**
 * The typed client at work: sign up (the code comes by mail), post, read the home timeline.
 *
 *   API_URL=http://localhost:3000 MAIL_DIR=data/mail bun clients/typescript/example.ts
 *
 * With no SMTP_URL, a node keeps its mail in MAIL_DIR: that is where this script reads the
 * sign-up code (a real client asks its user to paste it, or to open the link). `tsc` checks this
 * file against schema.d.ts (npm run check), and a test runs it against a node.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import createClient from 'openapi-fetch'
import type { paths } from './schema.d.ts'

const api = createClient<paths>({ baseUrl: process.env.API_URL ?? 'http://localhost:3000' })

const username = `demo_${crypto.randomUUID().slice(0, 8)}`
const email = `${username}@example.test`
const password = `Pw-${crypto.randomUUID()}`

const started = await api.POST('/v1/auth/register', { body: { username, email, password } })
if (started.response.status !== 202) fail('register', started.error)

const code = await mailedCode(email)
const confirmed = await api.POST('/v1/auth/register/confirm', { body: { token: code } })
if (!confirmed.data) fail('register/confirm', confirmed.error)
const auth = { authorization: `Bearer ${confirmed.data.accessToken}` }

const text = `Hello from the typed client, ${new Date().toISOString()} #firstpost`
const posted = await api.POST('/v1/posts', { body: { text }, headers: auth })
if (!posted.data) fail('post', posted.error)

const home = await api.GET('/v1/timelines/home', { params: { query: { limit: 20 } }, headers: auth })
if (!home.data) fail('home timeline', home.error)
const inHomeTimeline = home.data.items.some((post) => post.id === posted.data.id)

console.log(JSON.stringify({ userId: confirmed.data.user.id, postId: posted.data.id, text, inHomeTimeline }))

/** The sign-up code in the newest mail to `to` that MAIL_DIR holds (waits for the worker to send it). */
async function mailedCode(to: string): Promise<string> {
  const dir = process.env.MAIL_DIR ?? 'data/mail'
  for (let waited = 0; waited < 30_000; waited += 100) {
    const mails = readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as { to: string; text: string })
    const code = mails
      .reverse()
      .find((mail) => mail.to === to)
      ?.text.match(/token=([\w-]+)/)?.[1]
    if (code) return code
    await Bun.sleep(100)
  }
  throw new Error(`no sign-up mail to ${to} in ${dir} within 30 s`)
}

function fail(step: string, error: unknown): never {
  console.error(`${step} failed: ${JSON.stringify(error)}`)
  process.exit(1)
}
