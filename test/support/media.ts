import { type Account, call } from './accounts.ts'
import { eventually } from './eventually.ts'
import type { TestNode } from './node.ts'
/**
 * Real media for the video tests, made by ffmpeg from its lavfi sources (a test pattern and a
 * tone), and the tus upload of bytes to a node.
 */

export async function makeClip(
  path: string,
  opts: { seconds: number; size?: string; rate?: number },
): Promise<Uint8Array> {
  const { seconds, size = '640x360', rate = 25 } = opts
  const proc = Bun.spawn(
    [
      ...['ffmpeg', '-nostdin', '-hide_banner', '-v', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}:duration=${seconds}`],
      ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path],
    ],
    { stderr: 'pipe' },
  )
  if ((await proc.exited) !== 0) throw new Error(`ffmpeg: ${await new Response(proc.stderr).text()}`)
  return new Uint8Array(await Bun.file(path).arrayBuffer())
}

export const TUS = { 'tus-resumable': '1.0.0' }

/** Creates a tus upload at `baseUrl` and sends the bytes in one PATCH; resolves with its id. */
export async function uploadBytes(baseUrl: string, token: string, bytes: Uint8Array): Promise<string> {
  const auth = { ...TUS, authorization: `Bearer ${token}` }
  const created = await fetch(`${baseUrl}/v1/uploads`, {
    method: 'POST',
    headers: { ...auth, 'upload-length': String(bytes.length) },
  })
  if (created.status !== 201) throw new Error(`upload creation answered ${created.status}`)
  const id = created.headers.get('location')!.split('/').pop()!
  const patched = await fetch(`${baseUrl}/v1/uploads/${id}`, {
    method: 'PATCH',
    headers: { ...auth, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
    body: bytes,
  })
  if (patched.status !== 204) throw new Error(`upload PATCH answered ${patched.status}`)
  return id
}

/** Makes a video of an upload that is there; resolves with the created video (processing queued). */
export async function videoOf(
  node: TestNode,
  account: Account,
  uploadId: string,
  fields: Record<string, unknown> = {},
): Promise<{ id: string; status: string; jobId: string }> {
  const created = await call(node, 'POST', '/v1/videos', {
    token: account.tokens.accessToken,
    body: { uploadId, title: 'A clip', visibility: 'public', ...fields },
  })
  if (created.status !== 201)
    throw new Error(`video failed: ${created.status} ${JSON.stringify(created.body)}`)
  return created.body
}

/** Uploads `bytes` in one go and makes a video of them. */
export async function uploadVideo(
  node: TestNode,
  account: Account,
  bytes: Uint8Array,
  fields: Record<string, unknown> = {},
) {
  return videoOf(node, account, await uploadBytes(node.url, account.tokens.accessToken, bytes), fields)
}

/** The video once its processing ended (ready or failed), as its owner reads it. */
export async function whenProcessed(node: TestNode, account: Account, id: string) {
  let video: Record<string, unknown> = {}
  await eventually(async () => {
    video = (await call(node, 'GET', `/v1/videos/${id}`, { token: account.tokens.accessToken })).body
    return video.status === 'ready' || video.status === 'failed'
  }, 60_000)
  return video
}
