import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { makeClip, whenProcessed as processed, TUS, uploadVideo as uploadVideoTo } from '../support/media.ts'
import { startTestNode, type TestNode } from '../support/node.ts'
import { connectAs } from '../support/ws.ts'

/**
 * The pipeline end to end on one node (api, gateway and worker): tus upload → video → ffprobe →
 * ffmpeg ladder (HLS + DASH over one set of fMP4 segments), thumbnails, storyboard → signed
 * playback over HTTP, decoded by ffmpeg → views. Media are made by ffmpeg here (lavfi sources).
 */
let node: TestNode
let owner: Account
let viewer: Account
let admin: Account
const dir = mkdtempSync(join(tmpdir(), 'sf-videos-'))
let clip: Uint8Array

async function ffmpeg(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const proc = Bun.spawn(['ffmpeg', '-nostdin', '-hide_banner', '-v', 'error', ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [code, stderr, stdout] = await Promise.all([
    proc.exited,
    new Response(proc.stderr).text(),
    new Response(proc.stdout).text(),
  ])
  return { code, stderr, stdout }
}

async function createUpload(token: string, size: number, filename = 'clip.mp4') {
  const res = await fetch(`${node.url}/v1/uploads`, {
    method: 'POST',
    headers: {
      ...TUS,
      authorization: `Bearer ${token}`,
      'upload-length': String(size),
      'upload-metadata': `filename ${btoa(filename)}`,
    },
  })
  return { res, id: res.headers.get('location')?.split('/').pop() ?? '' }
}

function patchUpload(token: string, id: string, offset: number, bytes: Uint8Array) {
  return fetch(`${node.url}/v1/uploads/${id}`, {
    method: 'PATCH',
    headers: {
      ...TUS,
      authorization: `Bearer ${token}`,
      'content-type': 'application/offset+octet-stream',
      'upload-offset': String(offset),
    },
    body: bytes,
  })
}

async function offsetOf(token: string, id: string): Promise<number> {
  const res = await fetch(`${node.url}/v1/uploads/${id}`, {
    method: 'HEAD',
    headers: { ...TUS, authorization: `Bearer ${token}` },
  })
  expect(res.status).toBe(200)
  return Number(res.headers.get('upload-offset'))
}

const uploadVideo = (account: Account, bytes: Uint8Array, fields: Record<string, unknown> = {}) =>
  uploadVideoTo(node, account, bytes, fields)
const whenProcessed = (account: Account, id: string) => processed(node, account, id)

/** The playback URLs, pointed at this node (PUBLIC_URL is not its address in tests). */
async function playback(id: string, token?: string, headers: Record<string, string> = {}) {
  const res = await call(node, 'GET', `/v1/videos/${id}/playback`, { token, headers })
  const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, node.url)
  if (res.status === 200) {
    res.body.hls = local(res.body.hls)
    res.body.dash = local(res.body.dash)
    res.body.storyboard.vtt = local(res.body.storyboard.vtt)
    for (const t of res.body.thumbnails) t.url = local(t.url)
  }
  return res
}

beforeAll(async () => {
  node = await startTestNode('videos', {
    env: {
      VIDEO_FFMPEG_PRESET: 'ultrafast',
      VIEW_MIN_SECONDS: '2',
      UPLOAD_DAILY_BYTES: String(20 * 1024 * 1024),
      TRUST_PROXY: 'true',
      GEO_COUNTRY_HEADER: 'CF-IPCountry',
      JOBS_RETRY_BASE_MS: '50',
      CORS_ORIGINS: 'https://app.example',
    },
  })
  owner = await register(node)
  viewer = await register(node)
  admin = await promote(node, await register(node), 'admin')
  clip = await makeClip(join(dir, 'clip.mp4'), { seconds: 4 })
}, 60_000)
afterAll(async () => {
  await node.stop()
  rmSync(dir, { recursive: true, force: true })
})

let ready: { id: string; uploadId: string }

describe('uploads and processing', () => {
  test('an upload cut off mid-way resumes from the last byte received; the video is processed live', async () => {
    const token = owner.tokens.accessToken
    const { client } = await connectAs(node.url, token)
    const { res, id } = await createUpload(token, clip.length)
    expect(res.status).toBe(201)
    expect(res.headers.get('tus-resumable')).toBe('1.0.0')
    // The video can be made before its bytes arrive: it waits, uploading.
    const created = await call(node, 'POST', '/v1/videos', {
      token,
      body: { uploadId: id, title: 'Test pattern', visibility: 'public', tags: ['#Test', 'lavfi'] },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ status: 'uploading', tags: ['test', 'lavfi'] })

    // A client sends a third of the body, then its connection drops.
    const cut = Math.floor(clip.length / 3)
    await new Promise<void>((resolve, reject) => {
      const { port } = new URL(node.url)
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `PATCH /v1/uploads/${id} HTTP/1.1\r\nHost: localhost\r\nTus-Resumable: 1.0.0\r\n` +
            `Authorization: Bearer ${token}\r\nContent-Type: application/offset+octet-stream\r\n` +
            `Upload-Offset: 0\r\nContent-Length: ${clip.length}\r\n\r\n`,
        )
        socket.write(clip.subarray(0, cut), () => setTimeout(() => socket.destroy(), 300))
      })
      socket.on('close', () => resolve())
      socket.on('error', reject)
    })
    let offset = 0
    await eventually(async () => {
      offset = await offsetOf(token, id)
      return offset === cut
    }, 5_000)
    // Resuming from the wrong offset is refused; from the right one it completes.
    const wrong = await patchUpload(token, id, 0, clip)
    expect(wrong.status).toBe(409)
    expect(wrong.headers.get('content-type')).toBe('application/problem+json')
    const rest = await patchUpload(token, id, offset, clip.subarray(offset))
    expect(rest.status).toBe(204)
    expect(rest.headers.get('upload-offset')).toBe(String(clip.length))

    // Processing: job progress, then the video, arrive on the owner's connection.
    const progress = await client.until(
      (f) => f.type === 'job' && (f.data as { phase: string }).phase === 'running',
      30_000,
    )
    expect(progress.data).toMatchObject({ kind: 'video.transcode' })
    const readyFrame = await client.until(
      (f) => f.type === 'video' && (f.data as { status: string }).status === 'ready',
      60_000,
    )
    expect(readyFrame.data).toMatchObject({ id: created.body.id, renditions: ['240p', '360p'] })
    await client.close()
    const video = await whenProcessed(owner, created.body.id)
    expect(video).toMatchObject({ status: 'ready', width: 640, height: 360, progress: 100 })
    expect(Math.abs((video.durationMs as number) - 4000)).toBeLessThan(200)
    ready = { id: created.body.id, uploadId: id }
    // The upload's bytes are let go once the original is in storage.
    expect(await Bun.file(join(node.dataDir, 'uploads', id)).exists()).toBe(false)
    expect(await Bun.file(join(node.dataDir, 'storage', 'videos', ready.id, 'original')).exists()).toBe(true)
  }, 90_000)

  test('the upload protocol refuses strangers, non-media and quota overruns with problems', async () => {
    const token = owner.tokens.accessToken
    const { id } = await createUpload(token, 100)
    // Someone else cannot see or resume it.
    const other = await fetch(`${node.url}/v1/uploads/${id}`, {
      method: 'HEAD',
      headers: { ...TUS, authorization: `Bearer ${viewer.tokens.accessToken}` },
    })
    expect(other.status).toBe(404)
    const anonymous = await fetch(`${node.url}/v1/uploads`, {
      method: 'POST',
      headers: { ...TUS, 'upload-length': '10' },
    })
    expect(anonymous.status).toBe(401)
    expect(((await anonymous.json()) as { code: string }).code).toBe('unauthenticated')

    // Not media: refused from its bytes, whatever its name says.
    const text = new TextEncoder().encode('This is a text file, not a video at all. '.repeat(3))
    const upload = await createUpload(token, text.length, 'movie.mp4')
    const refused = await patchUpload(token, upload.id, 0, text)
    expect(refused.status).toBe(415)
    expect(((await refused.json()) as { code: string }).code).toBe('unsupported_media')
    const reuse = await call(node, 'POST', '/v1/videos', {
      token,
      body: { uploadId: upload.id, title: 'x', visibility: 'public' },
    })
    expect(reuse.status).toBe(409)

    // An upload a video uses cannot be deleted, however its path is spelled.
    for (const path of [
      ready.uploadId,
      `${ready.uploadId}/`,
      `%${ready.uploadId.charCodeAt(0).toString(16)}${ready.uploadId.slice(1)}`,
    ]) {
      const del = await fetch(`${node.url}/v1/uploads/${path}`, {
        method: 'DELETE',
        headers: { ...TUS, authorization: `Bearer ${token}` },
      })
      expect(del.status).toBe(409)
    }
    // An unused one can: its bytes and its quota go.
    const unused = await createUpload(token, 50)
    const gone = await fetch(`${node.url}/v1/uploads/${unused.id}`, {
      method: 'DELETE',
      headers: { ...TUS, authorization: `Bearer ${token}` },
    })
    expect(gone.status).toBe(204)
    expect(
      (
        await fetch(`${node.url}/v1/uploads/${unused.id}`, {
          method: 'HEAD',
          headers: { ...TUS, authorization: `Bearer ${token}` },
        })
      ).status,
    ).toBe(404)

    // Daily quota (20 MiB here): a larger declaration is refused before any byte is sent.
    const big = await createUpload(token, 25 * 1024 * 1024)
    expect(big.res.status).toBe(413)
    const problem = (await big.res.json()) as { code: string; detail: string }
    expect(problem.code).toBe('upload_quota_exceeded')
    expect(problem.detail).toContain('Daily quota')
    // An upload of someone else's cannot become my video.
    const theirs = await call(node, 'POST', '/v1/videos', {
      token: viewer.tokens.accessToken,
      body: { uploadId: id, title: 'mine?', visibility: 'public' },
    })
    expect(theirs.status).toBe(422)
  })

  test('a corrupt file fails with its reason, at once, and is a dead letter', async () => {
    // Looks like MP4 from its first bytes, but is not one.
    const bytes = new Uint8Array(8192)
    crypto.getRandomValues(bytes)
    bytes.set(new TextEncoder().encode('\0\0\0\x20ftypisom'), 0)
    const video = await uploadVideo(owner, bytes)
    const done = await whenProcessed(owner, video.id)
    expect(done.status).toBe('failed')
    expect(done.failureReason).toMatch(/not a media file we can read|no video or audio/i)
    const job = await call(node, 'GET', `/v1/jobs/${video.jobId}`, { token: owner.tokens.accessToken })
    expect(job.body).toMatchObject({ state: 'failed', attempts: 1 })
    const dead = await call(node, 'GET', '/v1/admin/jobs?state=failed&kind=video.transcode', {
      token: admin.tokens.accessToken,
    })
    expect(dead.body.items.map((j: { id: string }) => j.id)).toContain(video.jobId)
    expect(
      (await call(node, 'GET', `/v1/videos/${video.id}/playback`, { token: owner.tokens.accessToken }))
        .status,
    ).toBe(409)
  }, 60_000)

  test("the owner's list shows their unfinished videos with their status (uploading, failed)", async () => {
    const token = owner.tokens.accessToken
    const { id: uploadId } = await createUpload(token, clip.length)
    const waiting = await call(node, 'POST', '/v1/videos', {
      token,
      body: { uploadId, title: 'Not uploaded yet', visibility: 'public' },
    })
    expect(waiting.body.status).toBe('uploading')
    const listed = await call(node, 'GET', `/v1/users/${owner.username}/videos?limit=100`, { token })
    expect(listed.status).toBe(200)
    const items = listed.body.items as { id: string; status: string; poster: unknown; renditions: string[] }[]
    expect(items.find((v) => v.id === waiting.body.id)).toMatchObject({
      status: 'uploading',
      poster: null,
      renditions: [],
    })
    expect(items.map((v) => v.status)).toContain('failed') // the corrupt file above
    expect(items.find((v) => v.id === ready.id)).toMatchObject({
      status: 'ready',
      renditions: ['240p', '360p'],
    })
    // Others see only what is ready.
    const seen = await call(node, 'GET', `/v1/users/${owner.username}/videos?limit=100`)
    expect(seen.status).toBe(200)
    expect(seen.body.items.map((v: { status: string }) => v.status)).toEqual(['ready'])
    expect((await call(node, 'DELETE', `/v1/videos/${waiting.body.id}`, { token })).status).toBe(204)
  })
})

describe('playback', () => {
  test('signed URLs: the HLS master lists every rendition and each decodes to the end over HTTP', async () => {
    const res = await playback(ready.id)
    expect(res.status).toBe(200)
    const { hls, dash } = res.body
    const master = await fetch(hls)
    expect(master.status).toBe(200)
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl')
    expect(master.headers.get('cache-control')).toMatch(/max-age=\d+/)
    const text = await master.text()
    const variants = [...text.matchAll(/#EXT-X-STREAM-INF:[^\n]*RESOLUTION=(\d+x\d+)[^\n]*\n([^\n]+)/g)]
    expect(variants.map((v) => v[1]).sort()).toEqual(['426x240', '640x360'])
    const manifest = await fetch(dash)
    expect(manifest.headers.get('content-type')).toBe('application/dash+xml')
    const mpd = await manifest.text()
    expect(mpd.match(/<Representation /g)?.length).toBe(3) // two video renditions and the audio
    for (const [, , playlist] of variants) {
      const url = new URL(playlist!, hls).toString()
      const decoded = await ffmpeg(['-i', url, '-f', 'null', '-'])
      expect(decoded.stderr).toBe('')
      expect(decoded.code).toBe(0)
      const probed = await Bun.spawn(
        ['ffprobe', '-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', url],
        { stdout: 'pipe' },
      )
      const duration = Number(await new Response(probed.stdout).text())
      expect(Math.abs(duration - 4)).toBeLessThan(0.5)
    }
    // The video's view carries a signed poster, in lists too; the same URL within the hour.
    const shown = await call(node, 'GET', `/v1/videos/${ready.id}`)
    expect(shown.body.poster).toMatchObject({ width: 640, height: 360 })
    const listed = await call(node, 'GET', `/v1/users/${owner.username}/videos`)
    const inList = listed.body.items.find((v: { id: string }) => v.id === ready.id)
    expect(inList.poster.url).toBe(shown.body.poster.url)
    const poster = await fetch(shown.body.poster.url.replace(/^https?:\/\/[^/]+/, node.url))
    expect(poster.status).toBe(200)
    expect(poster.headers.get('content-type')).toBe('image/jpeg')
    // Thumbnails and the storyboard sit under the same signed URL.
    const thumb = await fetch(res.body.thumbnails[0].url)
    expect(thumb.headers.get('content-type')).toBe('image/jpeg')
    const vtt = await (await fetch(res.body.storyboard.vtt)).text()
    expect(vtt.startsWith('WEBVTT')).toBe(true)
    expect(vtt).toContain('storyboard.jpg#xywh=')
  }, 60_000)

  test('byte ranges, and refused unsigned, tampered or expired URLs', async () => {
    const { hls } = (await playback(ready.id)).body
    const segmentUrl = new URL('init-0.m4s', hls).toString()
    const whole = new Uint8Array(await (await fetch(segmentUrl)).arrayBuffer())
    const part = await fetch(segmentUrl, { headers: { range: 'bytes=10-19' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${whole.length}`)
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(whole.subarray(10, 20))
    const tail = await fetch(segmentUrl, { headers: { range: 'bytes=-5' } })
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(whole.subarray(whole.length - 5))
    const outside = await fetch(segmentUrl, { headers: { range: `bytes=${whole.length + 10}-` } })
    expect(outside.status).toBe(416)
    // Ranges this server does not split (several, other units) get the whole file.
    const several = await fetch(segmentUrl, { headers: { range: 'bytes=0-1,5-6' } })
    expect(several.status).toBe(200)
    expect(Number(several.headers.get('content-length'))).toBe(whole.length)
    const upper = await fetch(new URL('MASTER.m3u8', hls).toString())
    expect(upper.status).toBe(404)
    const head = await fetch(segmentUrl, { method: 'HEAD' })
    expect(head.headers.get('content-length')).toBe(String(whole.length))
    expect(head.headers.get('content-type')).toBe('video/iso.segment')

    const token = hls.split('/v1/play/')[1].split('/')[0]
    const [body, mac] = token.split('.')
    const tampered = await fetch(`${node.url}/v1/play/${body}.${mac.slice(0, -2)}xx/master.m3u8`)
    expect(tampered.status).toBe(403)
    expect(((await tampered.json()) as { code: string }).code).toBe('playback_url_invalid')
    const unsigned = await fetch(`${node.url}/v1/play/nothing/master.m3u8`)
    expect(unsigned.status).toBe(403)
    const row = await node.ctx.db
      .selectFrom('videos')
      .select('outputPrefix')
      .where('id', '=', ready.id)
      .executeTakeFirstOrThrow()
    const old = node.ctx.services.videos.signer.sign(
      ready.id,
      row.outputPrefix!,
      Math.floor(Date.now() / 1000) - 1,
      'encoding',
    )
    const expired = await fetch(`${node.url}/v1/play/${old}/master.m3u8`)
    expect(expired.status).toBe(403)
    expect(((await expired.json()) as { code: string }).code).toBe('playback_url_expired')
    // A token of the old shape, without a scope, could be a poster's: refused.
    const signer = node.ctx.services.videos.signer as unknown as { mac(body: string): string }
    const unscoped = Buffer.from(
      JSON.stringify([ready.id, row.outputPrefix, Math.floor(Date.now() / 1000) + 600]),
    ).toString('base64url')
    const legacy = await fetch(`${node.url}/v1/play/${unscoped}.${signer.mac(unscoped)}/master.m3u8`)
    expect(legacy.status).toBe(403)
    expect(((await legacy.json()) as { code: string }).code).toBe('playback_url_invalid')
    // A path outside the encoding is not served.
    const outsideEncoding = await fetch(`${node.url}/v1/play/${token}/..%2Foriginal`)
    expect([403, 404]).toContain(outsideEncoding.status)
  })

  test('visibility, age and country rules', async () => {
    const id = ready.id
    const set = (body: Record<string, unknown>) =>
      call(node, 'PATCH', `/v1/videos/${id}`, { token: owner.tokens.accessToken, body })
    const viewerToken = viewer.tokens.accessToken

    expect((await set({ visibility: 'private' })).status).toBe(200)
    expect((await call(node, 'GET', `/v1/videos/${id}`, { token: viewerToken })).status).toBe(404)
    expect((await playback(id, viewerToken)).status).toBe(404)
    expect((await playback(id, owner.tokens.accessToken)).status).toBe(200)

    await set({ visibility: 'followers' })
    expect((await playback(id, viewerToken)).status).toBe(404)
    expect(
      (await call(node, 'POST', `/v1/users/${owner.username}/follow`, { token: viewerToken })).status,
    ).toBeLessThan(300)
    expect((await playback(id, viewerToken)).status).toBe(200)

    await set({ visibility: 'unlisted' })
    expect((await playback(id)).status).toBe(200)
    const listed = await call(node, 'GET', `/v1/users/${owner.username}/videos`)
    expect(listed.body.items.map((v: { id: string }) => v.id)).not.toContain(id)
    await set({ visibility: 'public' })
    const listedNow = await call(node, 'GET', `/v1/users/${owner.username}/videos`)
    expect(listedNow.body.items.map((v: { id: string }) => v.id)).toContain(id)

    await set({ minAge: 18 })
    const anonymous = await playback(id)
    expect(anonymous.status).toBe(403)
    expect(anonymous.body.code).toBe('age_restricted')
    expect((await playback(id, viewerToken)).status).toBe(403)
    const young = new Date()
    young.setUTCFullYear(young.getUTCFullYear() - 16)
    await call(node, 'PATCH', '/v1/me', {
      token: viewerToken,
      body: { birthDate: young.toISOString().slice(0, 10) },
    })
    expect((await playback(id, viewerToken)).status).toBe(403)
    await call(node, 'PATCH', '/v1/me', { token: viewerToken, body: { birthDate: '1990-05-01' } })
    expect((await playback(id, viewerToken)).status).toBe(200)
    const future = await call(node, 'PATCH', '/v1/me', {
      token: viewerToken,
      body: { birthDate: '2999-01-01' },
    })
    expect(future.status).toBe(422)
    await set({ minAge: null, blockedCountries: ['de'] })

    const fromGermany = await playback(id, viewerToken, { 'cf-ipcountry': 'DE' })
    expect(fromGermany.status).toBe(451)
    expect(fromGermany.body.code).toBe('region_blocked')
    expect((await playback(id, viewerToken, { 'cf-ipcountry': 'FR' })).status).toBe(200)
    await set({ blockedCountries: [], allowedCountries: ['FR'] })
    expect((await playback(id, viewerToken, { 'cf-ipcountry': 'FR' })).status).toBe(200)
    expect((await playback(id, viewerToken, { 'cf-ipcountry': 'US' })).status).toBe(451)
    expect((await playback(id, viewerToken)).status).toBe(451) // unknown country, allow list
    expect((await playback(id, owner.tokens.accessToken, { 'cf-ipcountry': 'US' })).status).toBe(200)
    expect((await set({ allowedCountries: ['France'] })).status).toBe(422)
    await set({ allowedCountries: [] })
  })

  test('a poster URL opens the poster only, not the video that playback refuses', async () => {
    const id = ready.id
    const set = (body: Record<string, unknown>) =>
      call(node, 'PATCH', `/v1/videos/${id}`, { token: owner.tokens.accessToken, body })
    try {
      expect((await set({ minAge: 18, blockedCountries: ['DE'] })).status).toBe(200)
      expect((await playback(id)).body.code).toBe('age_restricted')
      const shown = await call(node, 'GET', `/v1/videos/${id}`)
      const poster = (shown.body.poster.url as string).replace(/^https?:\/\/[^/]+/, node.url)
      const posterRes = await fetch(poster)
      expect(posterRes.status).toBe(200)
      expect(posterRes.headers.get('content-type')).toBe('image/jpeg')
      // The files of the playback set, and the other thumbnails, under the poster's token.
      const { hls, thumbnails } = (await playback(id, owner.tokens.accessToken)).body
      const playlist = (await (await fetch(hls)).text()).match(/^[^#\s][^\n]*\.m3u8$/m)![0]
      const posterFile = poster.split('/').pop()
      const otherThumbnails = (thumbnails as { url: string }[])
        .map((t) => t.url.split('/').pop()!)
        .filter((f) => f !== posterFile)
      expect(otherThumbnails.length).toBeGreaterThan(0)
      for (const file of [
        playlist,
        'master.m3u8',
        'manifest.mpd',
        'init-0.m4s',
        'storyboard.vtt',
        ...otherThumbnails,
      ]) {
        const res = await fetch(poster.replace(/[^/]+$/, file))
        expect([403, 404]).toContain(res.status)
        expect(res.headers.get('content-type')).toBe('application/problem+json')
        // The same file does exist: the owner's playback token opens it.
        expect((await fetch(new URL(file, hls))).status).toBe(200)
      }
      // A viewer from a blocked country, signed in and old enough, gets its poster and nothing more.
      await set({ minAge: null })
      const fromGermany = await playback(id, viewer.tokens.accessToken, { 'cf-ipcountry': 'DE' })
      expect(fromGermany.body.code).toBe('region_blocked')
      const theirs = await call(node, 'GET', `/v1/videos/${id}`, { token: viewer.tokens.accessToken })
      const theirPoster = (theirs.body.poster.url as string).replace(/^https?:\/\/[^/]+/, node.url)
      expect((await fetch(theirPoster)).status).toBe(200)
      const refused = await fetch(theirPoster.replace(/[^/]+$/, 'master.m3u8'))
      expect(refused.status).toBe(403)
      expect(((await refused.json()) as { code: string }).code).toBe('playback_url_out_of_scope')
    } finally {
      // Whatever happens above, the tests after this one play the video unrestricted.
      expect((await set({ minAge: null, blockedCountries: [] })).status).toBe(200)
    }
  })

  test('playback files are open to players on any site; the upload endpoint follows CORS_ORIGINS', async () => {
    const play = await playback(ready.id, owner.tokens.accessToken)
    const master = await fetch(play.body.hls, { headers: { origin: 'https://player.elsewhere' } })
    expect(master.status).toBe(200)
    expect(master.headers.get('access-control-allow-origin')).toBe('*')
    expect(master.headers.get('access-control-expose-headers')).toContain('Content-Range')
    const preflight = await fetch(play.body.hls, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://player.elsewhere',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'range',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Range')

    const tusPost = (origin: string) =>
      fetch(`${node.url}/v1/uploads`, {
        method: 'POST',
        headers: { origin, 'tus-resumable': '1.0.0', 'upload-length': '10' },
      })
    // tus answered `*` to every origin before; now only CORS_ORIGINS get CORS headers.
    const stranger = await tusPost('https://evil.example')
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull()
    const app = await tusPost('https://app.example')
    expect(app.headers.get('access-control-allow-origin')).toBe('https://app.example')
    const tusPreflight = await fetch(`${node.url}/v1/uploads`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'tus-resumable, upload-length, upload-metadata',
      },
    })
    expect(tusPreflight.headers.get('access-control-allow-origin')).toBe('https://app.example')
    expect(tusPreflight.headers.get('access-control-allow-headers')).toContain('Tus-Resumable')
    expect(tusPreflight.headers.get('access-control-allow-headers')).toContain('Upload-Metadata')
  })

  test("a private account's public video is for its followers only", async () => {
    const id = ready.id
    const stranger = await register(node)
    const privacy = (isPrivate: boolean) =>
      call(node, 'PATCH', '/v1/me', { token: owner.tokens.accessToken, body: { isPrivate } })
    expect((await privacy(true)).status).toBe(200)
    expect((await call(node, 'GET', `/v1/videos/${id}`)).status).toBe(404)
    expect((await playback(id)).status).toBe(404)
    expect((await playback(id, stranger.tokens.accessToken)).status).toBe(404)
    const listed = await call(node, 'GET', `/v1/users/${owner.username}/videos`)
    expect(listed.body.items.map((v: { id: string }) => v.id)).not.toContain(id)
    // `viewer` follows the owner (the test above).
    expect((await playback(id, viewer.tokens.accessToken)).status).toBe(200)
    expect((await playback(id, owner.tokens.accessToken)).status).toBe(200)
    expect((await privacy(false)).status).toBe(200)
    expect((await playback(id)).status).toBe(200)
  })
})

describe('views', () => {
  test('a view counts after the minimum watch time, once per viewer per window, even in parallel', async () => {
    const id = ready.id
    const report = (seconds: number, token?: string, ip?: string) =>
      call(node, 'POST', `/v1/videos/${id}/views`, { token, ip, body: { watchedSeconds: seconds } })
    const token = viewer.tokens.accessToken
    const before = (await call(node, 'GET', `/v1/videos/${id}`)).body.viewCount
    expect((await report(1, token)).body.counted).toBe(false)
    expect((await report(1.5, token)).body).toMatchObject({ counted: true, viewCount: before + 1 })
    expect((await report(3, token)).body).toMatchObject({ counted: false, viewCount: before + 1 })
    // Ten parallel reports of a new viewer: one view.
    const another = await register(node)
    const results = await Promise.all(Array.from({ length: 10 }, () => report(2, another.tokens.accessToken)))
    expect(results.filter((r) => r.body.counted)).toHaveLength(1)
    // Anonymous viewers are told apart by address and agent.
    expect((await report(2, undefined, '10.9.9.9')).body.counted).toBe(true)
    expect((await report(2, undefined, '10.9.9.9')).body.counted).toBe(false)
    const after = (await call(node, 'GET', `/v1/videos/${id}`)).body
    expect(after.viewCount).toBe(before + 3)
    // Watch time adds up, capped per viewer and window at three times the video's length (4 s):
    // the parallel viewer's 20 s count 12.
    expect(after.watchSeconds).toBe(Math.floor(1 + 1.5 + 3 + 12 + 2 + 2))
    expect((await report(-1, token)).status).toBe(422)
    // The views' events leave the outbox for the videos' own event stream (not the shared one).
    const bus = node.ctx.bus
    await eventually(async () => {
      const events = await node.ctx.db.selectFrom('outbox').select('subject').execute()
      return !events.some((e) => e.subject === 'video_events.video.viewed')
    }, 5_000)
    const subject = bus.subject('video_events.video.viewed')
    const stored = await bus.jsm.streams.info(bus.streamName('video_events'), { subjects_filter: subject })
    expect(stored.state.subjects?.[subject]).toBe(3)
    const shared = await bus.jsm.streams.info(bus.streamName('events'), { subjects_filter: '>' })
    const sharedSubjects = Object.keys(shared.state.subjects ?? {})
    expect(sharedSubjects).toContain(bus.subject('events.user.registered'))
    expect(sharedSubjects.filter((s) => s.startsWith(bus.subject('events.video.')))).toEqual([])
  })

  test('a post carries a video, shown to those who may see the video', async () => {
    const post = await call(node, 'POST', '/v1/posts', {
      token: owner.tokens.accessToken,
      body: { text: '', videoId: ready.id },
    })
    expect(post.status).toBe(201)
    expect(post.body.video).toMatchObject({ id: ready.id, status: 'ready', title: 'Test pattern' })
    const seen = await call(node, 'GET', `/v1/posts/${post.body.id}`, { token: viewer.tokens.accessToken })
    expect(seen.body.video.id).toBe(ready.id)
    await call(node, 'PATCH', `/v1/videos/${ready.id}`, {
      token: owner.tokens.accessToken,
      body: { visibility: 'private' },
    })
    const hidden = await call(node, 'GET', `/v1/posts/${post.body.id}`, { token: viewer.tokens.accessToken })
    expect(hidden.body.video).toBeNull()
    const own = await call(node, 'GET', `/v1/posts/${post.body.id}`, { token: owner.tokens.accessToken })
    expect(own.body.video.id).toBe(ready.id)
    await call(node, 'PATCH', `/v1/videos/${ready.id}`, {
      token: owner.tokens.accessToken,
      body: { visibility: 'public' },
    })
    // Comments off on the video: replies to the post carrying it are refused (but its author's).
    await call(node, 'PATCH', `/v1/videos/${ready.id}`, {
      token: owner.tokens.accessToken,
      body: { commentsEnabled: false },
    })
    const reply = await call(node, 'POST', '/v1/posts', {
      token: viewer.tokens.accessToken,
      body: { text: 'nice', replyTo: post.body.id },
    })
    expect(reply.status).toBe(403)
    expect(reply.body.code).toBe('comments_disabled')
    const ownReply = await call(node, 'POST', '/v1/posts', {
      token: owner.tokens.accessToken,
      body: { text: 'thanks', replyTo: post.body.id },
    })
    expect(ownReply.status).toBe(201)
    await call(node, 'PATCH', `/v1/videos/${ready.id}`, {
      token: owner.tokens.accessToken,
      body: { commentsEnabled: true },
    })
    expect(
      (
        await call(node, 'POST', '/v1/posts', {
          token: viewer.tokens.accessToken,
          body: { text: 'nice', replyTo: post.body.id },
        })
      ).status,
    ).toBe(201)
    const notMine = await call(node, 'POST', '/v1/posts', {
      token: viewer.tokens.accessToken,
      body: { text: 'look', videoId: ready.id },
    })
    expect(notMine.status).toBe(422)
    expect(notMine.body.errors[0].field).toBe('body.videoId')
  })

  test('deleting a video removes its files and frees the upload quota', async () => {
    const { hls } = (await playback(ready.id)).body
    const del = await call(node, 'DELETE', `/v1/videos/${ready.id}`, { token: owner.tokens.accessToken })
    expect(del.status).toBe(204)
    expect(
      (await call(node, 'GET', `/v1/videos/${ready.id}`, { token: owner.tokens.accessToken })).status,
    ).toBe(404)
    expect((await fetch(hls)).status).toBe(404)
    expect(await Bun.file(join(node.dataDir, 'storage', 'videos', ready.id, 'original')).exists()).toBe(false)
    const again = await call(node, 'DELETE', `/v1/videos/${ready.id}`, { token: owner.tokens.accessToken })
    expect(again.status).toBe(404)
  })
})
