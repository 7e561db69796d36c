import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { nameProblem } from '../../src/platform/text.ts'
import { type Account, call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

let node: TestNode
beforeAll(async () => {
  node = await startSocialNode('names')
})
afterAll(async () => {
  await node.stop()
})

const as = (a: Account) => a.tokens.accessToken
const patchMe = (a: Account, body: Record<string, unknown>) =>
  call(node, 'PATCH', '/v1/me', { token: as(a), body })

/** A 422 naming `field`. */
function refused(
  res: { status: number; body: { code: string; errors?: { field: string }[] } },
  field: string,
) {
  expect(res.status).toBe(422)
  expect(res.body.code).toBe('validation_failed')
  expect(res.body.errors?.map((e) => e.field)).toEqual([field])
}

// Look the same as "admin" or reverse what follows (impersonation); each must be refused.
const SPOOFS = [
  'admin\u202Egpj.exe', // right-to-left override
  'ad\u200Bmin', // zero-width space
  'ad\u200Dmin', // zero-width joiner outside an emoji
  'ad\u200Cmin', // zero-width non-joiner between Latin letters
  '\u2066admin\u2069', // isolates
  'admin\u200F', // right-to-left mark
  'a\u061Cdmin', // Arabic letter mark
  'ad\u00ADmin', // soft hyphen
  'ad\u2060min', // word joiner
  '\uFEFFadmin', // byte order mark
  'ad\u034Fmin', // combining grapheme joiner
  '\u3164', // Hangul filler: a blank name
  'admin\uFE0F', // variation selector alone
  'admin\u{E0041}', // tag character
  'ad\nmin', // control character
]

describe('names shown to others', () => {
  test('the rule: bidi controls and invisible characters refused, emoji and scripts kept whole', () => {
    for (const name of SPOOFS) expect(nameProblem(name), JSON.stringify(name)).not.toBeNull()
    for (const name of [
      'Alice',
      'Zoë Ågren',
      '👩‍💻 Dev',
      '🏳️‍🌈',
      '👨🏽‍💻',
      '❤️',
      '1️⃣',
      '🏴󠁧󠁢󠁳󠁣󠁴󠁿',
      'שלום',
      'نیک‌نام', // Persian writes a ZWNJ between these letters
      'क्‍ष', // Devanagari conjunct with ZWJ
      '日本語',
    ])
      expect(nameProblem(name), JSON.stringify(name)).toBeNull()
  })

  test('a display name with a right-to-left override or zero-width characters is a 422 naming the field', async () => {
    const a = await register(node)
    for (const displayName of SPOOFS) refused(await patchMe(a, { displayName }), 'body.displayName')
    const me = await call(node, 'GET', `/v1/users/${a.username}`, { token: as(a) })
    expect(me.body.displayName).toBeNull()
    refused(
      await patchMe(a, {
        links: [
          { title: 'Site', url: 'https://example.com' },
          { title: 'Pay\u202Epal', url: 'https://example.com/p' },
        ],
      }),
      'body.links.1.title',
    )
  })

  test('an emoji display name still works', async () => {
    const a = await register(node)
    for (const displayName of ['👩‍💻 Ada', '🏳️‍🌈 Sam', 'Zoë ❤️', 'نیک‌نام']) {
      const res = await patchMe(a, { displayName })
      expect(res.status).toBe(200)
      expect(res.body.displayName).toBe(displayName)
    }
  })

  test('a conversation title and a video title follow the same rule', async () => {
    const [a, b, c] = (await Promise.all([register(node), register(node), register(node)])) as Account[]
    const members = [b!.username, c!.username]
    refused(
      await call(node, 'POST', '/v1/conversations', {
        token: as(a!),
        body: { members, title: 'Team\u200B' },
      }),
      'body.title',
    )
    const group = await call(node, 'POST', '/v1/conversations', {
      token: as(a!),
      body: { members, title: 'Team 👩‍💻' },
    })
    expect(group.status).toBe(201)
    expect(group.body.title).toBe('Team 👩‍💻')
    refused(
      await call(node, 'POST', '/v1/videos', {
        token: as(a!),
        body: { uploadId: crypto.randomUUID(), title: 'cat\u202Evidoe', visibility: 'public' },
      }),
      'body.title',
    )
  })

  test('post text keeps its emoji sequences', async () => {
    const a = await register(node)
    const text = 'coding 👩‍💻 with 🏳️‍🌈 and ❤️'
    const res = await call(node, 'POST', '/v1/posts', { token: as(a), body: { text } })
    expect(res.status).toBe(201)
    expect(res.body.text).toBe(text)
  })
})
