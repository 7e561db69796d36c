import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { parseCalendarDate, parseDateTime } from '../../src/platform/http/dates.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { TUS } from '../support/media.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

let node: TestNode
let user: Account
let admin: Account
let videoId: string

beforeAll(async () => {
  node = await startTestNode('dates', { env: { ROLES: 'api' } })
  user = await register(node)
  admin = await promote(node, await register(node), 'admin')
  // An upload begun is enough for a video (processing waits for the bytes, which never come).
  const upload = await fetch(`${node.url}/v1/uploads`, {
    method: 'POST',
    headers: { ...TUS, authorization: `Bearer ${user.tokens.accessToken}`, 'upload-length': '64' },
  })
  expect(upload.status).toBe(201)
  const uploadId = upload.headers.get('location')!.split('/').pop()!
  const created = await call(node, 'POST', '/v1/videos', {
    token: user.tokens.accessToken,
    body: { uploadId, title: 'dated', visibility: 'public' },
  })
  expect(created.status).toBe(201)
  videoId = created.body.id
})
afterAll(async () => {
  await node.stop()
})

/** The next 30 February ahead (within the year a post may be scheduled): no such day. */
const now = new Date()
const aheadYear = now.getUTCMonth() >= 2 ? now.getUTCFullYear() + 1 : now.getUTCFullYear()
const IMPOSSIBLE_DAYS = [
  '2026-02-30',
  `${aheadYear}-02-30`,
  `${aheadYear + (aheadYear % 4 === 0 ? 1 : 0)}-02-29`,
]
const OUT_OF_RANGE_DAYS = ['0000-01-01', '+275760-01-01']
const BAD_DAYS = [...IMPOSSIBLE_DAYS, ...OUT_OF_RANGE_DAYS]
/** A date-time of each day, at noon UTC. */
const at = (day: string) => `${day}T12:00:00Z`
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

/** One field of one route: what it answers for a value. */
const fields: [string, (value: string) => ReturnType<typeof call>][] = [
  [
    'body.scheduledAt',
    (v) =>
      call(node, 'POST', '/v1/posts', {
        token: user.tokens.accessToken,
        body: { text: 'x', scheduledAt: v },
      }),
  ],
  [
    'body.publishAt',
    (v) =>
      call(node, 'PATCH', `/v1/videos/${videoId}`, {
        token: user.tokens.accessToken,
        body: { publishAt: v },
      }),
  ],
  [
    'body.suspend.until',
    async (v) => {
      const target = await register(node)
      return call(node, 'PATCH', `/v1/admin/users/${target.id}`, {
        token: admin.tokens.accessToken,
        body: { suspend: { reason: 'spam', until: v } },
      })
    },
  ],
]

describe('dates and times in requests', () => {
  for (const [field, send] of fields) {
    test(`${field}: a day that does not exist, or past PostgreSQL's range, is a 422 naming the field`, async () => {
      for (const day of BAD_DAYS) {
        const res = await send(at(day))
        expect([day, res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([
          day,
          422,
          'validation_failed',
          field,
        ])
      }
      // An offset that carries the last day past 9999, or the first before 0001.
      for (const value of ['9999-12-31T23:30:00-01:00', '0001-01-01T00:30:00+01:00']) {
        const res = await send(value)
        expect([value, res.status, res.body.errors?.[0]?.field]).toEqual([value, 422, field])
      }
    })
  }

  test('valid date-times are still taken, as the instant they name', async () => {
    const scheduled = inDays(30)
    const post = await fields[0]![1](scheduled)
    expect(post.status).toBe(201)
    expect(post.body.scheduledAt).toBe(scheduled)
    const publishAt = '2027-03-01T10:00:00+02:00'
    const video = await fields[1]![1](publishAt)
    expect(video.status).toBe(200)
    expect(video.body.publishAt).toBe('2027-03-01T08:00:00.000Z')
    const until = inDays(7)
    const suspended = await fields[2]![1](until)
    expect(suspended.status).toBe(200)
    expect(suspended.body).toMatchObject({ status: 'suspended', suspendedUntil: until })
  })

  test('birthDate: a day that does not exist, or past the range, is a 422 naming the field; a real one is kept', async () => {
    const patchMe = (birthDate: string) =>
      call(node, 'PATCH', '/v1/me', { token: user.tokens.accessToken, body: { birthDate } })
    for (const day of BAD_DAYS) {
      const res = await patchMe(day)
      expect([day, res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([
        day,
        422,
        'validation_failed',
        'body.birthDate',
      ])
    }
    const kept = await patchMe('2000-02-29')
    expect(kept.status).toBe(200)
    expect(kept.body.settings.birthDate).toBe('2000-02-29')
  })
})

describe('the date rule', () => {
  test('RFC 3339 date-times with an offset, days that exist, years 0001 to 9999', () => {
    expect(parseDateTime('2024-02-29T23:59:59.5+05:30')?.toISOString()).toBe('2024-02-29T18:29:59.500Z')
    expect(parseDateTime('0001-01-01T00:00:00Z')?.toISOString()).toBe('0001-01-01T00:00:00.000Z')
    expect(parseDateTime('9999-12-31T23:59:59.999Z')?.toISOString()).toBe('9999-12-31T23:59:59.999Z')
    // Leap days: every 4 years, not every 100, every 400; the first century too (not read as 19xx).
    for (const day of ['2000-02-29', '0004-02-29', '0400-02-29', '2024-12-31'])
      expect(parseDateTime(`${day}T00:00:00Z`)?.toISOString()).toBe(`${day}T00:00:00.000Z`)
    for (const bad of [
      '1900-02-29T00:00:00Z',
      '2100-02-29T00:00:00Z',
      '0100-02-29T00:00:00Z',
      '0003-02-29T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:00:60Z',
      '2026-01-01T00:00:00',
      '2026-01-01T00:00:00+24:00',
      '2026-01-01',
      'Sun Mar 01 2026',
    ])
      expect([bad, parseDateTime(bad)]).toEqual([bad, undefined])
    expect(parseCalendarDate('2000-02-29')?.toISOString()).toBe('2000-02-29T00:00:00.000Z')
    for (const bad of ['1900-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '0000-01-01'])
      expect([bad, parseCalendarDate(bad)]).toEqual([bad, undefined])
  })
})
