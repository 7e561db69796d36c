import { afterAll, beforeAll, expect, test } from 'bun:test'
import { existsSync, mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { startTestNode, type TestNode } from '../support/node.ts'

/**
 * /docs as a reader opens it: headless Chromium with no network but the node itself (every other
 * request is refused and counted), the API reference rendered by the pinned viewer the node
 * serves, an operation's request body shown with its fields. A screenshot is left in a temporary
 * directory (its path is printed) for a person to look at.
 * Chromium: /usr/bin/chromium (CHROMIUM_PATH to use another); `npm test` installs it first when it
 * is missing (test/support/ensure-chromium.sh).
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

let node: TestNode
let browser: Browser
const shots = mkdtempSync(join(tmpdir(), 'sf-docs-'))

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run sh test/support/ensure-chromium.sh`)
  node = await startTestNode('docs_browser')
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await node?.stop()
})

test('/docs renders offline and shows the request body of POST /v1/auth/login', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } })
  const refused: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(`${node.url}/`) || url.startsWith('data:') || url.startsWith('blob:'))
      return route.continue()
    refused.push(url)
    return route.abort('internetdisconnected')
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  // Nothing the page does is refused by its own Content-Security-Policy.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      errors.push(message.text())
  })
  const response = await page.goto(`${node.url}/docs`, { waitUntil: 'load' })
  expect(response?.status()).toBe(200)

  // The viewer lists the tags (from /docs/json); the auth group opened, the operation's section.
  await page.getByRole('button', { name: 'Open Group - auth' }).first().click({ timeout: 20_000 })
  // Operations render when they come into view: the placeholder first, then the operation.
  const login = page.locator('[id$="tag/auth/POST/v1/auth/login"]').first()
  await login.waitFor({ state: 'attached', timeout: 20_000 })
  await login.scrollIntoViewIfNeeded()
  await login.getByText('Sign in with username or e-mail and password').first().waitFor({ timeout: 10_000 })
  // Its body: the fields of the schema the route declares, with their descriptions.
  for (const field of ['login', 'password']) {
    await login.getByText(field, { exact: true }).first().waitFor({ state: 'visible', timeout: 10_000 })
  }
  await expect(login.getByText('Username or e-mail address').first().isVisible()).resolves.toBe(true)
  const shot = join(shots, 'docs-login.png')
  await login.screenshot({ path: shot })
  await page.screenshot({ path: join(shots, 'docs.png') })
  console.log(`screenshots of /docs in ${shots}`)
  expect(statSync(shot).size).toBeGreaterThan(10_000)

  // Nothing the page needs comes from elsewhere: what it asked outside was refused and it rendered.
  expect(errors).toEqual([])
  expect(refused.filter((url) => !url.startsWith('chrome'))).toEqual([])
  await context.close()
}, 60_000)
