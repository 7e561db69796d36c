import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../src/platform/config.ts'
import { encodeWork } from '../../src/videos/encode-work.ts'
import { type Account, call, register } from '../support/accounts.ts'
import {
  makeClip,
  whenProcessed as processed,
  TUS,
  uploadBytes,
  uploadVideo as uploadVideoTo,
  videoOf as videoOfUpload,
} from '../support/media.ts'
import { startTestNode, type TestNode } from '../support/node.ts'
import { sourceInfo, withoutVideo } from '../support/source-info.ts'

/**
 * What a video may cost to encode, counted from what ffprobe reads (length × pixels × frame rate,
 * in seconds of 1080p30), end to end on one node whose limits are small enough for test clips.
 */
let node: TestNode
const dir = mkdtempSync(join(tmpdir(), 'sf-limits-'))
/** 4 s of 640x360 at 25 fps: 0.37 s of 1080p30. */
let small: Uint8Array
/** 6 s of 1280x720 at 60 fps: 5.3 s of 1080p30. */
let big: Uint8Array
/** 6 s of 1280x720 at 30 fps: 2.7 s of 1080p30. */
let medium: Uint8Array

const uploadVideo = (account: Account, bytes: Uint8Array) => uploadVideoTo(node, account, bytes)
/** Makes a video of an upload already there. */
const videoOf = (account: Account, uploadId: string) => videoOfUpload(node, account, uploadId)

function beginUpload(account: Account, size: number) {
  return fetch(`${node.url}/v1/uploads`, {
    method: 'POST',
    headers: { ...TUS, authorization: `Bearer ${account.tokens.accessToken}`, 'upload-length': String(size) },
  })
}

const whenProcessed = (account: Account, id: string) => processed(node, account, id)

beforeAll(async () => {
  node = await startTestNode('encode-limits', {
    env: {
      VIDEO_FFMPEG_PRESET: 'ultrafast',
      VIDEO_MAX_WORK: '3',
      VIDEO_DAILY_WORK: '2',
      JOBS_RETRY_BASE_MS: '50',
    },
  })
  ;[small, big, medium] = await Promise.all([
    makeClip(join(dir, 'small.mp4'), { seconds: 4 }),
    makeClip(join(dir, 'big.mp4'), { seconds: 6, size: '1280x720', rate: 60 }),
    makeClip(join(dir, 'medium.mp4'), { seconds: 6, size: '1280x720', rate: 30 }),
  ])
}, 60_000)
afterAll(async () => {
  await node.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('the work of one video', () => {
  test('counted as length x pixels x frame rate (at most the cap), in seconds of 1080p30', () => {
    expect(encodeWork(sourceInfo({ durationSec: 60 }), 60)).toBe(60)
    expect(encodeWork(sourceInfo({ durationSec: 60, fps: 60 }), 60)).toBe(120)
    // 240 fps is encoded at the cap, and counted so.
    expect(encodeWork(sourceInfo({ durationSec: 10, fps: 240 }), 60)).toBe(20)
    expect(encodeWork(sourceInfo({ durationSec: 60, width: 1280, height: 720 }), 60)).toBeCloseTo(26.67, 2)
    // Audio, or a tiny picture, costs what the lowest rung (240p30) does.
    const floor = (426 * 240) / (1920 * 1080)
    expect(encodeWork(sourceInfo({ durationSec: 60, ...withoutVideo }), 60)).toBeCloseTo(60 * floor, 6)
    expect(encodeWork(sourceInfo({ durationSec: 60, width: 32, height: 32 }), 60)).toBeCloseTo(60 * floor, 6)
  })

  test('by default an hour of 1080p30 is accepted, six hours (the longest video) are not', () => {
    const { config } = loadConfig({})
    const { maxWork, maxFps, maxDurationSeconds } = config.videos
    expect(maxFps).toBe(60)
    expect(encodeWork(sourceInfo({ durationSec: 3600 }), maxFps)).toBeLessThanOrEqual(maxWork)
    expect(encodeWork(sourceInfo({ durationSec: 3600, fps: 60 }), maxFps)).toBeLessThanOrEqual(maxWork)
    expect(encodeWork(sourceInfo({ durationSec: maxDurationSeconds }), maxFps)).toBeGreaterThan(maxWork)
    expect(encodeWork(sourceInfo({ durationSec: 6 * 3600 }), maxFps)).toBeGreaterThan(maxWork)
  })

  test('a source over VIDEO_MAX_WORK fails at once with too_much_work: a dead letter, not retried', async () => {
    const owner = await register(node)
    const video = await uploadVideo(owner, big)
    const done = await whenProcessed(owner, video.id)
    expect(done.status).toBe('failed')
    expect(done.failureReason).toMatch(/^too_much_work: 6 s of 1280x720 at 60 fps is 6 s of encoding/)
    expect(done.failureReason).toContain('at most 3')
    const job = await call(node, 'GET', `/v1/jobs/${video.jobId}`, { token: owner.tokens.accessToken })
    expect(job.body).toMatchObject({ state: 'failed', attempts: 1 })
    expect(job.body.lastError).toMatch(/^too_much_work: /)
    // Refused before anything was kept: no original in storage.
    expect(await Bun.file(join(node.dataDir, 'storage', 'videos', video.id, 'original')).exists()).toBe(false)

    // One under the limit is encoded as before.
    const fine = await uploadVideo(owner, small)
    expect((await whenProcessed(owner, fine.id)).status).toBe('ready')
  }, 90_000)
})

describe('the daily budget', () => {
  test('past VIDEO_DAILY_WORK the next video fails naming the budget, and new uploads get 429', async () => {
    const owner = await register(node)
    // Both uploads are in before the budget is spent.
    const [first, second] = [
      await uploadBytes(node.url, owner.tokens.accessToken, medium),
      await uploadBytes(node.url, owner.tokens.accessToken, small),
    ]
    // 2.7 of a budget of 2: the video that crosses it is still encoded...
    const crossing = await videoOf(owner, first)
    expect((await whenProcessed(owner, crossing.id)).status).toBe('ready')
    const charges = await node.ctx.db
      .selectFrom('encodeCharges')
      .selectAll()
      .where('ownerId', '=', owner.id)
      .execute()
    expect(charges).toHaveLength(1)
    expect(charges[0]).toMatchObject({ jobId: crossing.jobId, videoId: crossing.id })
    expect(charges[0]!.work).toBeCloseTo((6 * 1280 * 720) / (1920 * 1080), 1)

    // ...the next one, however small, is refused for good, with the budget named.
    const refused = await videoOf(owner, second)
    const done = await whenProcessed(owner, refused.id)
    expect(done.status).toBe('failed')
    expect(done.failureReason).toMatch(
      /^encode_budget_exceeded: your daily encoding budget of 2 s of 1080p30/,
    )
    const job = await call(node, 'GET', `/v1/jobs/${refused.jobId}`, { token: owner.tokens.accessToken })
    expect(job.body).toMatchObject({ state: 'failed', attempts: 1 })
    expect(job.body.lastError).toMatch(/^encode_budget_exceeded: /)

    // A new upload is refused before any byte is sent, until a day after the charge.
    const later = await beginUpload(owner, small.length)
    expect(later.status).toBe(429)
    expect(later.headers.get('content-type')).toBe('application/problem+json')
    const retryAfter = Number(later.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(86_400 - 120)
    expect(retryAfter).toBeLessThanOrEqual(86_400)
    expect(await later.json()).toMatchObject({ status: 429, code: 'encode_budget_exceeded' })

    // Someone else's budget is their own.
    const other = await register(node)
    expect((await beginUpload(other, small.length)).status).toBe(201)

    // The charge is the job's: charging it again (a retry of the job) adds nothing.
    await node.ctx.services.videos.budget.charge({
      jobId: crossing.jobId,
      ownerId: owner.id,
      videoId: crossing.id,
      work: 1,
    })
    expect((await node.ctx.services.videos.budget.standing(owner.id)).used).toBe(charges[0]!.work)
  }, 90_000)
})
