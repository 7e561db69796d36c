import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { uploadBytes, uploadVideo } from '../support/media.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'
import { ffmpeg, makeWork, melody, picture } from './synth.ts'

/**
 * Copyright end to end on one node: a rightsholder's reference from a tus upload, fingerprinted by
 * its job; an upload carrying a transformed excerpt of it, held in `checking` after its encode,
 * then blocked by the claim (never public), with the segments on both timelines; notifications;
 * dispute → release → public; manual claims, uphold, and the release of an unanswered dispute.
 */
let node: TestNode
let holder: Account
let uploader: Account
let admin: Account
const dir = mkdtempSync(join(tmpdir(), 'sf-copyright-'))
const as = (a: Account) => a.tokens.accessToken

beforeAll(async () => {
  node = await startSocialNode('copyright', {
    COPYRIGHT_DISPUTE_DAYS: '7',
    GEO_COUNTRY_HEADER: 'CF-IPCountry',
  })
  holder = await promote(node, await register(node), 'rightsholder')
  admin = await promote(node, await register(node), 'admin')
  uploader = await register(node)
})
afterAll(async () => {
  await node.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function file(path: string): Promise<Uint8Array> {
  return new Uint8Array(await Bun.file(path).arrayBuffer())
}

async function waitVideo(a: Account, id: string, until: string[]) {
  let video: Record<string, unknown> = {}
  const seen = new Set<string>()
  await eventually(async () => {
    video = (await call(node, 'GET', `/v1/videos/${id}`, { token: as(a) })).body
    seen.add(String(video.status))
    return until.includes(String(video.status))
  }, 90_000)
  return { video, seen }
}

async function activeReference(body: Record<string, unknown>) {
  const created = await call(node, 'POST', '/v1/copyright/references', { token: as(holder), body })
  expect(created.status).toBe(201)
  expect(created.body.status).toBe('fingerprinting')
  let ref: Record<string, unknown> = {}
  await eventually(async () => {
    ref = (await call(node, 'GET', `/v1/copyright/references/${created.body.id}`, { token: as(holder) })).body
    return ref.status !== 'fingerprinting'
  }, 60_000)
  expect(ref.status).toBe('active')
  return ref
}

const notified = (a: Account, claimId: string) =>
  eventually(async () => {
    const list = await call(node, 'GET', '/v1/notifications?types=copyright', { token: as(a) })
    return list.body.items.some((n: { copyrightClaimId: string }) => n.copyrightClaimId === claimId)
  }, 15_000)

describe('copyright', () => {
  let referenceId: string
  let blockedVideo: string
  let claimId: string

  test('a rightsholder adds a reference from an upload; others may not', async () => {
    await makeWork(join(dir, 'work.mp4'), 12, 40)
    const uploadId = await uploadBytes(node.url, as(holder), await file(join(dir, 'work.mp4')))
    const refused = await call(node, 'POST', '/v1/copyright/references', {
      token: as(uploader),
      body: { uploadId, title: 'Mine' },
    })
    expect(refused.status).toBe(403)
    const ref = await activeReference({ uploadId, title: 'Song of seed 11', policies: { '*': 'block' } })
    expect(ref.audioFrames as number).toBeGreaterThan(250)
    expect(ref.videoFrames as number).toBeGreaterThan(70)
    expect(ref.kind).toBe('both')
    expect(ref.minMatchSeconds).toBe(10)
    referenceId = ref.id as string
    // The centre hashes are stored and indexed beside the whole frames' (bands 0-3, 4-7, 8-11).
    const stored = await node.ctx.db
      .selectFrom('copyrightReferences')
      .select(['videoFp', 'videoFpZoom', 'videoFpCentre'])
      .where('id', '=', referenceId)
      .executeTakeFirstOrThrow()
    expect(stored.videoFpZoom?.length).toBe(stored.videoFp!.length)
    expect(stored.videoFpCentre?.length).toBe(stored.videoFp!.length)
    const bands = await node.ctx.db
      .selectFrom('copyrightVideoIndex')
      .select((eb) => eb.fn.max('band').as('top'))
      .where('referenceId', '=', referenceId)
      .executeTakeFirstOrThrow()
    expect(Number(bands.top)).toBe(11)
    const list = await call(node, 'GET', '/v1/copyright/references', { token: as(holder) })
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([referenceId])
    // The fingerprinting job is the holder's (progress pushed like encodes).
    const job = await call(node, 'GET', `/v1/jobs/${ref.jobId}`, { token: as(holder) })
    expect(job.body.state).toBe('succeeded')
  }, 120_000)

  test('an upload carrying a transformed excerpt is held, then blocked with its segments; never public', async () => {
    // 10 s of something else, then 20 s of the work from 15 s, quieter and re-encoded smaller.
    await ffmpeg([
      ...['-f', 'lavfi', '-i', `${picture(97)},trim=duration=10`],
      ...['-f', 'lavfi', '-i', `${melody(97)},atrim=duration=10`],
      ...['-ss', '15', '-t', '20', '-i', join(dir, 'work.mp4')],
      '-filter_complex',
      '[0:v]scale=320:240,setsar=1,fps=25[v0];[2:v]scale=320:240,setsar=1,fps=25[v1];[1:a]aresample=44100[a0];[2:a]volume=0.5,aresample=44100[a1];[v0][a0][v1][a1]concat=n=2:v=1:a=1[v][a]',
      ...['-map', '[v]', '-map', '[a]', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '30'],
      ...['-c:a', 'aac', '-b:a', '64k', join(dir, 'copy.mp4')],
    ])
    const video = await uploadVideo(node, uploader, await file(join(dir, 'copy.mp4')), { title: 'My edit' })
    blockedVideo = video.id
    const { video: done, seen } = await waitVideo(uploader, video.id, ['blocked', 'ready', 'failed'])
    expect(done.status).toBe('blocked')
    expect(seen.has('ready')).toBe(false)
    // Out of sight of everyone but its owner; no playback.
    expect((await call(node, 'GET', `/v1/videos/${video.id}`)).status).toBe(404)
    expect((await call(node, 'GET', `/v1/videos/${video.id}`, { token: as(holder) })).status).toBe(404)
    const play = await call(node, 'GET', `/v1/videos/${video.id}/playback`, { token: as(uploader) })
    expect(play.status).toBe(409)

    const claims = await call(node, 'GET', '/v1/copyright/claims', { token: as(uploader) })
    expect(claims.status).toBe(200)
    expect(claims.body.items).toHaveLength(1)
    const claim = claims.body.items[0]
    claimId = claim.id
    expect(claim.referenceId).toBe(referenceId)
    expect(claim.videoId).toBe(video.id)
    expect(claim.policy).toBe('block')
    expect(claim.state).toBe('active')
    expect(claim.origin).toBe('match')
    for (const kind of ['audio', 'video']) {
      const s = claim.segments.find((x: { kind: string }) => x.kind === kind)
      expect(s).toBeDefined()
      // Boundaries within 2 s on both timelines: 10-30 s of the upload, 15-35 s of the reference.
      expect(Math.abs(s.videoStart - 10)).toBeLessThan(2)
      expect(Math.abs(s.videoEnd - 30)).toBeLessThan(2)
      expect(Math.abs(s.referenceStart - 15)).toBeLessThan(2)
      expect(Math.abs(s.referenceEnd - 35)).toBeLessThan(2)
      expect(s.confidence).toBeGreaterThan(0.3)
    }
    const byHolder = await call(node, 'GET', '/v1/copyright/claims?as=holder', { token: as(holder) })
    expect(byHolder.body.items.map((c: { id: string }) => c.id)).toEqual([claimId])
    expect(claim.history.map((h: { action: string }) => h.action)).toEqual(['claimed'])
    await notified(uploader, claimId)
    await notified(holder, claimId)
  }, 180_000)

  test('dispute → the holder releases → the video is public', async () => {
    const stranger = await register(node)
    expect(
      (
        await call(node, 'POST', `/v1/copyright/claims/${claimId}/dispute`, {
          token: as(stranger),
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(404)
    expect((await call(node, 'GET', `/v1/copyright/claims/${claimId}`, { token: as(stranger) })).status).toBe(
      404,
    )
    // Not disputed yet: nothing to release.
    expect(
      (await call(node, 'POST', `/v1/copyright/claims/${claimId}/release`, { token: as(holder) })).status,
    ).toBe(409)
    const disputed = await call(node, 'POST', `/v1/copyright/claims/${claimId}/dispute`, {
      token: as(uploader),
      body: { reason: 'Licensed: I bought the sync rights' },
    })
    expect(disputed.status).toBe(200)
    expect(disputed.body.state).toBe('disputed')
    const due = Date.parse(disputed.body.dispute.dueAt) - Date.now()
    expect(Math.abs(due - 7 * 86_400_000)).toBeLessThan(60_000)
    const again = await call(node, 'POST', `/v1/copyright/claims/${claimId}/dispute`, {
      token: as(uploader),
      body: { reason: 'again' },
    })
    expect(again.status).toBe(409)
    // Still blocked while disputed.
    expect((await call(node, 'GET', `/v1/videos/${blockedVideo}`)).status).toBe(404)
    // The uploader cannot decide their own dispute.
    expect(
      (await call(node, 'POST', `/v1/copyright/claims/${claimId}/release`, { token: as(uploader) })).status,
    ).toBe(404)
    const released = await call(node, 'POST', `/v1/copyright/claims/${claimId}/release`, {
      token: as(holder),
    })
    expect(released.status).toBe(200)
    expect(released.body.state).toBe('released')
    expect(released.body.dispute.decision).toBe('released')
    expect(released.body.dispute.decidedBy).toBe(holder.id)
    expect(released.body.history.map((h: { action: string }) => h.action)).toEqual([
      'claimed',
      'disputed',
      'released',
    ])
    const pub = await call(node, 'GET', `/v1/videos/${blockedVideo}`)
    expect(pub.status).toBe(200)
    expect(pub.body.status).toBe('ready')
    const all = await call(node, 'GET', '/v1/copyright/claims?as=all', { token: as(admin) })
    expect(all.body.items.map((c: { id: string }) => c.id)).toContain(claimId)
    expect((await call(node, 'GET', '/v1/copyright/claims?as=all', { token: as(uploader) })).status).toBe(403)
  })

  test('a policy blocking one country: the video is public, not played there; monetize recorded', async () => {
    const patched = await call(node, 'PATCH', `/v1/copyright/references/${referenceId}`, {
      token: as(holder),
      body: { policies: { '*': 'monetize', DE: 'block' } },
    })
    expect(patched.status).toBe(200)
    expect(patched.body.policies).toEqual({ '*': 'monetize', DE: 'block' })
    const video = await uploadVideo(node, uploader, await file(join(dir, 'copy.mp4')), { title: 'Again' })
    const { video: done } = await waitVideo(uploader, video.id, ['ready', 'blocked', 'failed'])
    expect(done.status).toBe('ready')
    const claims = await call(node, 'GET', '/v1/copyright/claims?as=holder', { token: as(holder) })
    const claim = claims.body.items.find((c: { videoId: string }) => c.videoId === video.id)
    expect(claim.policy).toBe('monetize')
    expect(claim.blockedCountries).toEqual(['DE'])
    const viewer = await register(node)
    const play = (country: string) =>
      call(node, 'GET', `/v1/videos/${video.id}/playback`, {
        token: as(viewer),
        headers: { 'cf-ipcountry': country },
      })
    expect((await play('DE')).status).toBe(451)
    expect((await play('FR')).status).toBe(200)
    // Back to blocking everywhere for the tests below.
    await call(node, 'PATCH', `/v1/copyright/references/${referenceId}`, {
      token: as(holder),
      body: { policies: { '*': 'block' } },
    })
  }, 120_000)

  test('an unrelated upload passes the check; a manual claim blocks it; uphold; an unanswered dispute is released', async () => {
    await makeWork(join(dir, 'other.mp4'), 26, 15)
    const video = await uploadVideo(node, uploader, await file(join(dir, 'other.mp4')), { title: 'Clean' })
    const { video: done, seen } = await waitVideo(uploader, video.id, ['ready', 'blocked', 'failed'])
    expect(done.status).toBe('ready')
    expect(seen.has('processing') || seen.has('checking') || seen.has('uploading')).toBe(true)
    const none = await call(node, 'GET', '/v1/copyright/claims', { token: as(uploader) })
    expect(none.body.items.filter((c: { videoId: string }) => c.videoId === video.id)).toHaveLength(0)

    const segments = [{ kind: 'audio', videoStart: 0, videoEnd: 12, referenceStart: 3, referenceEnd: 15 }]
    // Someone else's reference, a user without the role, bad segments: refused.
    expect(
      (
        await call(node, 'POST', '/v1/copyright/claims', {
          token: as(uploader),
          body: { videoId: video.id, referenceId, segments },
        })
      ).status,
    ).toBe(403)
    const backwards = await call(node, 'POST', '/v1/copyright/claims', {
      token: as(holder),
      body: { videoId: video.id, referenceId, segments: [{ ...segments[0], videoEnd: 0 }] },
    })
    expect(backwards.status).toBe(422)
    const manual = await call(node, 'POST', '/v1/copyright/claims', {
      token: as(holder),
      body: { videoId: video.id, referenceId, segments },
    })
    expect(manual.status).toBe(201)
    expect(manual.body.origin).toBe('manual')
    const twice = await call(node, 'POST', '/v1/copyright/claims', {
      token: as(holder),
      body: { videoId: video.id, referenceId, segments },
    })
    expect(twice.status).toBe(409)
    expect((await call(node, 'GET', `/v1/videos/${video.id}`)).status).toBe(404)
    expect((await call(node, 'GET', `/v1/videos/${video.id}`, { token: as(uploader) })).body.status).toBe(
      'blocked',
    )

    // Disputed and upheld: stays blocked.
    await call(node, 'POST', `/v1/copyright/claims/${manual.body.id}/dispute`, {
      token: as(uploader),
      body: { reason: 'mine' },
    })
    const upheld = await call(node, 'POST', `/v1/copyright/claims/${manual.body.id}/uphold`, {
      token: as(holder),
    })
    expect(upheld.body.state).toBe('upheld')
    expect((await call(node, 'GET', `/v1/videos/${video.id}`)).status).toBe(404)
  }, 180_000)

  test('an unanswered dispute is released after COPYRIGHT_DISPUTE_DAYS', async () => {
    await makeWork(join(dir, 'third.mp4'), 29, 12)
    const video = await uploadVideo(node, uploader, await file(join(dir, 'third.mp4')), { title: 'Third' })
    await waitVideo(uploader, video.id, ['ready'])
    const claim = await call(node, 'POST', '/v1/copyright/claims', {
      token: as(holder),
      body: {
        videoId: video.id,
        referenceId,
        segments: [{ kind: 'video', videoStart: 1, videoEnd: 11, referenceStart: 0, referenceEnd: 10 }],
      },
    })
    expect(claim.status).toBe(201)
    await call(node, 'POST', `/v1/copyright/claims/${claim.body.id}/dispute`, {
      token: as(uploader),
      body: { reason: 'fair use' },
    })
    const claims = node.ctx.services.copyright.claims
    expect(await claims.releaseOverdue()).toBe(0)
    await node.ctx.db
      .updateTable('copyrightDisputes')
      .set({ dueAt: new Date(Date.now() - 1000) })
      .where('claimId', '=', claim.body.id)
      .execute()
    expect(await claims.releaseOverdue()).toBe(1)
    const after = await call(node, 'GET', `/v1/copyright/claims/${claim.body.id}`, { token: as(uploader) })
    expect(after.body.state).toBe('released')
    expect(after.body.dispute.decidedBy).toBeNull()
    expect(after.body.history.at(-1).action).toBe('auto_released')
    expect((await call(node, 'GET', `/v1/videos/${video.id}`)).status).toBe(200)
  }, 120_000)

  test("a reference from the holder's own video; an admin decides a dispute; a deleted reference is gone", async () => {
    await makeWork(join(dir, 'own.mp4'), 33, 12)
    const own = await uploadVideo(node, holder, await file(join(dir, 'own.mp4')), { title: 'My master' })
    expect((await waitVideo(holder, own.id, ['ready', 'blocked', 'failed'])).video.status).toBe('ready')
    // Not someone else's video.
    const foreign = await call(node, 'POST', '/v1/copyright/references', {
      token: as(holder),
      body: { videoId: blockedVideo, title: 'Not mine' },
    })
    expect(foreign.status).toBe(422)
    const ref = await activeReference({
      videoId: own.id,
      title: 'Master',
      kind: 'video',
      policies: { '*': 'track' },
    })
    expect(ref.videoFrames as number).toBeGreaterThan(20)
    // A tracked claim by hand, disputed, released by an admin (not the holder).
    const segments = [{ kind: 'video', videoStart: 1, videoEnd: 5, referenceStart: 1, referenceEnd: 5 }]
    const manual = await call(node, 'POST', '/v1/copyright/claims', {
      token: as(holder),
      body: { videoId: blockedVideo, referenceId: ref.id, segments },
    })
    expect(manual.status).toBe(201)
    expect(manual.body.policy).toBe('track')
    await call(node, 'POST', `/v1/copyright/claims/${manual.body.id}/dispute`, {
      token: as(uploader),
      body: { reason: 'not in it' },
    })
    const decided = await call(node, 'POST', `/v1/copyright/claims/${manual.body.id}/release`, {
      token: as(admin),
    })
    expect(decided.status).toBe(200)
    expect(decided.body.state).toBe('released')
    expect(decided.body.dispute.decidedBy).toBe(admin.id)
    const deleted = await call(node, 'DELETE', `/v1/copyright/references/${ref.id}`, { token: as(holder) })
    expect(deleted.status).toBe(204)
    expect(
      (await call(node, 'GET', `/v1/copyright/references/${ref.id}`, { token: as(holder) })).status,
    ).toBe(404)
    // Its claims stay.
    const kept = await call(node, 'GET', `/v1/copyright/claims/${manual.body.id}`, { token: as(uploader) })
    expect(kept.status).toBe(200)
  }, 180_000)

  test('bad input gets a 4xx', async () => {
    const bad = async (method: string, path: string, body?: unknown, token = as(holder)) => {
      const res = await call(node, method, path, { token, body })
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
      return res.status
    }
    const otherUpload = await uploadBytes(node.url, as(uploader), await file(join(dir, 'third.mp4')))
    expect(await bad('POST', '/v1/copyright/references', { uploadId: otherUpload, title: 'theirs' })).toBe(
      422,
    )
    expect(await bad('POST', '/v1/copyright/references', { title: 'none' })).toBe(422)
    expect(
      await bad('POST', '/v1/copyright/references', { uploadId: 'x', videoId: blockedVideo, title: 't' }),
    ).toBe(422)
    expect(await bad('POST', '/v1/copyright/references', { videoId: blockedVideo, title: 'not mine' })).toBe(
      422,
    )
    expect(
      await bad('POST', '/v1/copyright/references', {
        videoId: blockedVideo,
        title: 't',
        policies: { usa: 'block' },
      }),
    ).toBe(422)
    await bad('POST', '/v1/copyright/references', { videoId: blockedVideo, title: 't\u0000' })
    await bad('POST', '/v1/copyright/references', {
      videoId: blockedVideo,
      title: 't',
      minMatchSeconds: 1e12,
    })
    await bad('PATCH', `/v1/copyright/references/${referenceId}`, { minMatchSeconds: -1 })
    await bad('PATCH', `/v1/copyright/references/${referenceId}`, { policies: { '*': 'delete' } })
    expect(await bad('GET', `/v1/copyright/references/${referenceId}`, undefined, as(uploader))).toBe(403)
    await bad('GET', '/v1/copyright/claims?cursor=forged')
    await bad('GET', '/v1/copyright/claims?limit=1.5')
    await bad('GET', '/v1/copyright/claims?limit=100000')
    await bad('GET', '/v1/copyright/claims/not-a-uuid')
    await bad('POST', `/v1/copyright/claims/${claimId}/dispute`, { reason: '' }, as(uploader))
    await bad('POST', '/v1/copyright/claims', {
      videoId: blockedVideo,
      referenceId,
      segments: [{ kind: 'audio', videoStart: 0.5, videoEnd: 1e9, referenceStart: 0, referenceEnd: 1 }],
    })
  })
})
