import { afterAll, beforeAll, expect, test } from 'bun:test'
import { call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { pushTestPattern } from '../support/live.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

/**
 * LIVE_TRANSCODE: the push is encoded into a ladder (rungs up to the source's height) under a
 * master playlist, which plays by the signed URL like the pass-through does.
 */
let node: TestNode

beforeAll(async () => {
  node = await startSocialNode('live_transcode', {
    LIVE_RTMP_PORT: '0',
    LIVE_TRANSCODE: 'true',
    LIVE_IDLE_END_SECONDS: '3',
  })
})

afterAll(async () => {
  await node?.stop()
})

test('a transcoded push is served as a master playlist over its renditions', async () => {
  const owner = await register(node)
  const created = await call(node, 'POST', '/v1/live/streams', {
    token: owner.tokens.accessToken,
    body: { title: 'ladder', visibility: 'public', latencyMode: 'low', record: false },
  })
  expect(created.status).toBe(201)
  const port = node.ctx.services.live.ingest!.port
  const pusher = pushTestPattern(`rtmp://127.0.0.1:${port}/live/${created.body.ingest.streamKey}`, {
    seconds: 8,
    rate: 25,
  })
  try {
    const id = created.body.id
    await eventually(
      async () => (await call(node, 'GET', `/v1/live/streams/${id}`)).body.state === 'live',
      5_000,
    )
    const playback = await call(node, 'GET', `/v1/live/streams/${id}/playback`)
    const master = playback.body.hls.replace(/^https?:\/\/[^/]+/, node.url)
    await eventually(async () => (await fetch(master)).status === 200, 10_000)
    const text = await (await fetch(master)).text()
    expect(text).toContain('#EXT-X-STREAM-INF')
    expect(text).toContain('v0.m3u8')
    const variant = await fetch(master.replace('index.m3u8', 'v0.m3u8'))
    expect(variant.status).toBe(200)
    expect(variant.headers.get('cache-control')).toBe('no-cache')
    const probe = Bun.spawn(
      ['ffprobe', '-v', 'error', '-show_entries', 'stream=codec_name,height', '-of', 'csv=p=0', master],
      { stdout: 'pipe', stderr: 'ignore' },
    )
    const [code, out] = await Promise.all([probe.exited, new Response(probe.stdout).text()])
    expect(code).toBe(0)
    expect(out).toContain('h264,360')
    expect(out).toContain('aac')
  } finally {
    pusher.kill()
  }
}, 60_000)
