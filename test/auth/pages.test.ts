import { afterAll, beforeAll, expect, test } from 'bun:test'
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { call, register, strongPassword, tokenIn, waitForMail } from '../support/accounts.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

// The pages the account mails link to, served by the node, and used as a person would: in a
// browser (headless Chromium), through the form.

const CHROMIUM = '/usr/bin/chromium'
let node: TestNode
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`)
  node = await startTestNode('pages', { env: { PASSWORD_MEMORY_KIB: '1024', PASSWORD_TIME_COST: '1' } })
})
afterAll(async () => {
  await node.stop()
})

test('every page a mail links to is served, with its script from this origin and nothing inline', async () => {
  for (const path of ['/confirm-signup', '/verify-email', '/reset-password', '/forgot-password']) {
    const res = await node.request(`${path}?token=abc`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self';")
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    const html = await res.text()
    expect(html).toContain('<script src="/account-pages.js"></script>')
    expect(html).not.toMatch(/<script>|on(click|submit|load)=|https?:\/\//)
  }
  const script = await node.request('/account-pages.js')
  expect(script.status).toBe(200)
  expect(script.headers.get('content-type')).toContain('text/javascript')
  // Pages are not the API: the document leaves them out.
  const doc = (await (await node.request('/docs/json')).json()) as { paths: Record<string, unknown> }
  expect(doc.paths['/reset-password']).toBeUndefined()
})

test('the reset link of the mail, opened in Chromium: the form changes the password', async () => {
  const account = await register(node)
  expect(
    (await call(node, 'POST', '/v1/auth/password/forgot', { body: { email: account.email } })).status,
  ).toBe(202)
  const mail = await waitForMail(node, account.email, 'Reset your password')
  const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(mail.text)![0]
  // The link points at PUBLIC_URL; the test node listens on a port of its own.
  const url = `${node.url}${new URL(link).pathname}${new URL(link).search}`
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  const newPassword = strongPassword()
  try {
    const page = await browser.newPage()
    // A refused script or request (the page's policy) shows as a console error; the browser's own
    // favicon.ico request is the one 404 expected.
    const violations: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) violations.push(m.text())
    })
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) violations.push(`${r.status()} ${r.url()}`)
    })
    await page.goto(url)
    await page.fill('input[name=password]', newPassword)
    await page.fill('input[name=repeat]', newPassword)
    await page.click('button[type=submit]')
    await page.waitForSelector('body[data-result=done]', { timeout: 15_000 })
    expect(await page.textContent('#status')).toContain('Your password is changed')
    expect(violations).toEqual([])
  } finally {
    await browser.close()
  }
  expect(tokenIn(mail)).toBeTruthy()
  const old = await call(node, 'POST', '/v1/auth/login', {
    body: { login: account.username, password: account.password },
  })
  expect(old.status).toBe(401)
  const fresh = await call(node, 'POST', '/v1/auth/login', {
    body: { login: account.username, password: newPassword },
  })
  expect(fresh.status).toBe(200)
  expect(fresh.body.accessToken).toBeTruthy()
}, 60_000)

test('the sign-up link opened in Chromium creates the account', async () => {
  const username = `pg_${crypto.randomUUID().slice(0, 8)}`
  const email = `${username}@example.test`
  const password = strongPassword()
  expect(
    (await call(node, 'POST', '/v1/auth/register', { body: { username, email, password } })).status,
  ).toBe(202)
  const mail = await waitForMail(node, email, 'Finish signing up to SocialFlow')
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  try {
    const page = await browser.newPage()
    await page.goto(`${node.url}/confirm-signup?token=${tokenIn(mail)}`)
    await page.click('button[type=submit]')
    await page.waitForSelector('body[data-result=done]', { timeout: 15_000 })
  } finally {
    await browser.close()
  }
  expect((await call(node, 'POST', '/v1/auth/login', { body: { login: username, password } })).status).toBe(
    200,
  )
}, 60_000)
