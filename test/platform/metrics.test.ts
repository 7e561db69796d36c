import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startTestNode, type TestNode } from '../support/node.ts'

const TOKEN = 'scrape-token-0123456789'

/** The value of `sf_metrics_collections_total` for a source in a scrape's text. */
function collections(text: string, source: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`sf_metrics_collections_total{source="${source}"`))
  return Number(line?.split(' ').at(-1) ?? 0)
}

let secured: TestNode
let open: TestNode

beforeAll(async () => {
  secured = await startTestNode('metrics', { env: { METRICS_TOKEN: TOKEN, METRICS_CACHE_SECONDS: '2' } })
  open = await startTestNode('metrics_open', { join: secured })
})

afterAll(async () => {
  await open?.stop()
  await secured?.stop()
})

describe('/metrics', () => {
  test('with METRICS_TOKEN, a scrape without the token is a 401 problem, with it a 200', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${TOKEN}`, TOKEN]) {
      const refused = await fetch(`${secured.url}/metrics`, {
        headers: authorization ? { authorization } : {},
      })
      expect(refused.status).toBe(401)
      expect(refused.headers.get('content-type')).toStartWith('application/problem+json')
      expect(refused.headers.get('www-authenticate')).toStartWith('Bearer')
      const body = (await refused.json()) as { code: string; detail: string }
      expect(body.code).toBe('unauthenticated')
      expect(body.detail).toContain('METRICS_TOKEN')
    }
    for (const scheme of ['Bearer', 'bearer']) {
      const scraped = await secured.request('/metrics', { headers: { authorization: `${scheme} ${TOKEN}` } })
      expect(scraped.status).toBe(200)
      expect(await scraped.text()).toContain('sf_outbox_pending_events')
    }
  })

  test('without METRICS_TOKEN, only loopback clients that came through no proxy are served', async () => {
    expect((await fetch(`${open.url}/metrics`)).status).toBe(200)
    const proxied = await fetch(`${open.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })
    expect(proxied.status).toBe(403)
    expect(((await proxied.json()) as { detail: string }).detail).toContain('METRICS_TOKEN')
    // No peer address at all (the in-process stack): not known to be local, so refused.
    expect((await open.request('/metrics')).status).toBe(403)
  })

  test('the gauges that cost queries are computed once per period, however often Prometheus scrapes', async () => {
    const scrape = async () => {
      const response = await secured.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })
      expect(response.status).toBe(200)
      return response.text()
    }
    // The JetStream requests the scrapes send, seen on the wire.
    const streamPrefix = `${secured.prefix.toUpperCase()}_`
    const asked: string[] = []
    const sub = secured.ctx.bus.nc.subscribe('$JS.API.*.INFO.>', {
      callback: (_, msg) => {
        if (msg.subject.split('.')[4]?.startsWith(streamPrefix)) asked.push(msg.subject)
      },
    })
    await secured.ctx.bus.nc.flush()
    // Wait for a period of its own, then scrape three times within it.
    await Bun.sleep(2100)
    asked.length = 0
    const first = await scrape()
    const [second, third] = [await scrape(), await scrape()]
    await secured.ctx.bus.nc.flush()
    sub.unsubscribe()
    // One request per stream and consumer, not three.
    expect(asked.length).toBeGreaterThan(5)
    expect(asked.length).toBe(new Set(asked).size)
    const sources = ['outbox', 'jetstream_streams', 'jetstream_consumers', 'jobs']
    for (const source of sources) {
      // The first scrape may print the counter before its own collection counted.
      expect(collections(third, source), source).toBe(collections(second, source))
      expect(collections(second, source) - collections(first, source)).toBeLessThanOrEqual(1)
    }
    expect(third).toMatch(
      /sf_jetstream_consumer_pending\{stream="[A-Z0-9_]+",consumer="[^"]+",state="pending"/,
    )
    expect(third).toMatch(/sf_jobs\{state="queued"/)
    // A period later, one more computation each.
    await Bun.sleep(2100)
    await scrape()
    const later = await scrape()
    for (const source of sources)
      expect(collections(later, source), source).toBe(collections(third, source) + 1)
  })
})
