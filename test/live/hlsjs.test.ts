import { afterAll, beforeAll, expect, test } from 'bun:test'
import { existsSync } from 'node:fs'
import type { Subprocess } from 'bun'
import { type Browser, chromium } from 'playwright-core'
import { call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { pushTestPattern } from '../support/live.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

/**
 * A live stream watched as a viewer's browser watches it: hls.js (the player most web front ends
 * use) in headless Chromium, on a page of another origin than the API, plays the signed playback
 * URL while ffmpeg pushes to the ingest. What it proves beyond ffprobe: the playlists and segments
 * pass a browser's CORS checks, the live playlist keeps moving (no stale cached copy), and the
 * segments demux and decode in Media Source Extensions.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
]
const HLS_JS = new URL('../../node_modules/hls.js/dist/hls.min.js', import.meta.url).pathname

let node: TestNode
let browser: Browser
let pusher: Subprocess | undefined
/** The viewer's site: another origin than the API's. */
let site: ReturnType<typeof Bun.serve>

const PAGE = `<!doctype html>
<html><body>
<video id="v" muted playsinline></video>
<script src="/hls.min.js"></script>
<script src="/player.js"></script>
</body></html>`

const PLAYER = `
window.report = { errors: [], levels: 0, fragments: 0 }
const video = document.getElementById('v')
const hls = new Hls({ lowLatencyMode: true })
window.hls = hls
hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) window.report.errors.push(data.type + ': ' + data.details) })
hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => { window.report.levels = data.levels.length; video.play() })
hls.on(Hls.Events.FRAG_LOADED, () => { window.report.fragments++ })
hls.loadSource(new URLSearchParams(location.search).get('src'))
hls.attachMedia(video)
`

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run sh test/support/ensure-chromium.sh`)
  node = await startSocialNode('live_hlsjs', { LIVE_IDLE_END_SECONDS: '3' })
  site = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch(request) {
      const path = new URL(request.url).pathname
      if (path === '/hls.min.js')
        return new Response(Bun.file(HLS_JS), { headers: { 'content-type': 'text/javascript' } })
      if (path === '/player.js')
        return new Response(PLAYER, { headers: { 'content-type': 'text/javascript' } })
      return new Response(PAGE, { headers: { 'content-type': 'text/html' } })
    },
  })
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true })
}, 60_000)

afterAll(async () => {
  pusher?.kill()
  await browser?.close()
  site?.stop(true)
  await node?.stop()
})

test('hls.js in Chromium, on another origin, plays a live stream from its signed URL', async () => {
  const streamer = await register(node)
  const created = await call(node, 'POST', '/v1/live/streams', {
    token: streamer.tokens.accessToken,
    body: { title: 'Watched in a browser', visibility: 'public', latencyMode: 'low' },
  })
  expect(created.status).toBe(201)
  const { id, ingest } = created.body
  const port = node.ctx.services.live.ingest!.port
  pusher = pushTestPattern(`rtmp://127.0.0.1:${port}/live/${ingest.streamKey}`, { seconds: 60 })
  await eventually(
    async () => (await call(node, 'GET', `/v1/live/streams/${id}`)).body.state === 'live',
    10_000,
  )

  // An anonymous viewer asks for playback, as a public page would.
  const playback = await call(node, 'GET', `/v1/live/streams/${id}/playback`)
  expect(playback.status).toBe(200)
  const src = String(playback.body.hls).replace(/^https?:\/\/[^/]+/, node.url)
  await eventually(async () => (await fetch(src)).status === 200, 10_000)

  const page = await browser.newPage()
  const refused: string[] = []
  await page.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(node.url) || url.startsWith(site.url.origin) || url.startsWith('blob:'))
      return route.continue()
    refused.push(url)
    return route.abort()
  })
  await page.goto(`${site.url.origin}/?src=${encodeURIComponent(src)}`)
  // Playing: time moves on, the picture is the pushed one's size, no fatal error.
  // (Expressions evaluated in the page, where the DOM is: this file is type-checked without it.)
  await page.waitForFunction("document.getElementById('v').currentTime > 3", undefined, { timeout: 30_000 })
  const state = (await page.evaluate(`({
    ...window.report,
    width: document.getElementById('v').videoWidth,
    height: document.getElementById('v').videoHeight,
    paused: document.getElementById('v').paused,
    latency: window.hls.latency,
  })`)) as {
    errors: string[]
    fragments: number
    width: number
    height: number
    paused: boolean
    latency: number
  }
  console.log(`hls.js: ${state.fragments} segments, ${state.latency.toFixed(2)} s behind the live edge`)
  expect(state.errors).toEqual([])
  expect(state).toMatchObject({ width: 640, height: 360, paused: false })
  // The live playlist kept moving while it played: more segments than the first playlist held.
  expect(state.fragments).toBeGreaterThan(3)
  expect(refused).toEqual([])
}, 90_000)
