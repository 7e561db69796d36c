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
