import { afterAll, beforeAll, expect, test } from 'bun:test'
import { join } from 'node:path'
import { type Account, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { makeClip, TUS } from '../support/media.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

/**
 * Two API nodes of one deployment (one database, one NATS prefix, one UPLOADS_DIR): an upload's
 * request still hanging on the first node does not stop the client from resuming on the second;
 * the second asks the first to let go, then answers with the bytes the first had received.
 */
let a: TestNode
let b: TestNode
let owner: Account

beforeAll(async () => {
  a = await startTestNode('uplock', { env: { ROLES: 'api' } })
  b = await startTestNode('uplock_b', { join: a, env: { ROLES: 'api' } })
  owner = await register(a)
})
afterAll(async () => {
  await b.stop()
  await a.stop()
})

test('a resume on another node takes the upload from a request left hanging on the first', async () => {
  const bytes = await makeClip(join(a.dataDir, 'clip.mp4'), { seconds: 3 })
  const auth = { ...TUS, authorization: `Bearer ${owner.tokens.accessToken}` }
  const created = await fetch(`${a.url}/v1/uploads`, {
    method: 'POST',
    headers: { ...auth, 'upload-length': String(bytes.length) },
  })
  const id = created.headers.get('location')!.split('/').pop()!
  const third = Math.floor(bytes.length / 3)
  // A client sends a third, then stalls without closing: node A holds the upload.
  let sent = false
  const hanging = fetch(`${a.url}/v1/uploads/${id}`, {
    method: 'PATCH',
    headers: { ...auth, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
    body: new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return new Promise(() => {})
        sent = true
        controller.enqueue(bytes.subarray(0, third))
      },
    }),
  }).then(
    (r) => r.status,
    () => 'cut',
  )
  await eventually(async () => Bun.file(join(a.dataDir, 'uploads', id)).size === third, 5_000)

  // The client comes back through node B: HEAD there gets the upload (A lets go) and the offset.
  const head = await fetch(`${b.url}/v1/uploads/${id}`, { method: 'HEAD', headers: auth })
  expect(head.status).toBe(200)
  expect(Number(head.headers.get('upload-offset'))).toBe(third)
  const first = await Promise.race([hanging, Bun.sleep(5_000).then(() => 'still hanging')])
  expect(first).not.toBe('still hanging')
  const rest = await fetch(`${b.url}/v1/uploads/${id}`, {
    method: 'PATCH',
    headers: { ...auth, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(third) },
    body: bytes.subarray(third),
  })
  expect(rest.status).toBe(204)
  expect(rest.headers.get('upload-offset')).toBe(String(bytes.length))
  const stored = new Uint8Array(await Bun.file(join(a.dataDir, 'uploads', id)).arrayBuffer())
  expect(Buffer.compare(stored, bytes)).toBe(0)
})
