import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Account, call } from '../support/accounts.ts'
import { makeClip, uploadVideo } from '../support/media.ts'
import type { TestNode } from '../support/node.ts'

/** A client event with a fresh id, now, in session `s1` unless told otherwise. */
export function ev(type: string, fields: Record<string, unknown> = {}) {
  return { id: crypto.randomUUID(), type, occurredAt: new Date().toISOString(), sessionId: 's1', ...fields }
}

/** Heartbeats of one viewing session: every 5 s of playback from 5 to `untilSeconds`. */
export function watching(videoId: string, sessionId: string, untilSeconds: number, at = Date.now()) {
  const beats = []
  for (let p = 5; p <= untilSeconds; p += 5)
    beats.push(
      ev('view.heartbeat', {
        videoId,
        sessionId,
        positionSeconds: p,
        intervalSeconds: 5,
        source: 'home',
        occurredAt: new Date(at - (untilSeconds - p) * 1000).toISOString(),
      }),
    )
  return beats
}

export async function send(
  node: TestNode,
  events: unknown[],
  opts: { token?: string; ip?: string; userAgent?: string } = {},
) {
  return call(node, 'POST', '/v1/analytics/events', {
    body: { events },
    token: opts.token,
    ip: opts.ip,
    headers: { 'user-agent': opts.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64)' },
  })
}

let clip: Promise<Uint8Array> | undefined

/** A video of `owner`: a 60 s clip at the smallest size (made once per test file). */
export async function someVideo(node: TestNode, owner: Account): Promise<string> {
  clip ??= makeClip(join(tmpdir(), `sf-analytics-${process.pid}.mp4`), {
    seconds: 60,
    size: '160x90',
    rate: 5,
  })
  return (await uploadVideo(node, owner, await clip, { title: 'Analytics clip' })).id
}

export async function someStream(node: TestNode, owner: Account): Promise<string> {
  const res = await call(node, 'POST', '/v1/live/streams', {
    token: owner.tokens.accessToken,
    body: { title: 'A stream', visibility: 'public' },
  })
  if (res.status !== 201) throw new Error(`stream: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.id
}

export async function report(node: TestNode, token: string, path: string) {
  return call(node, 'GET', `/v1/analytics/${path}`, { token })
}
