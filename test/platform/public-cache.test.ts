/**
 * Public reads cacheable when anonymous (`publicCache` routes, PUBLIC_CACHE_SECONDS): the answer a
 * logged-out reader gets may be kept by shared caches; a signed-in one is private; both carry an
 * ETag that a conditional GET turns into 304; errors are never marked cacheable.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type Account, call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'

let node: TestNode
let off: TestNode
let alice: Account
let bob: Account
beforeAll(async () => {
  ;[node, off] = await Promise.all([
    startSocialNode('public_cache', { PUBLIC_CACHE_SECONDS: '7' }),
    startSocialNode('public_cache_off', { PUBLIC_CACHE_SECONDS: '0' }),
  ])
  ;[alice, bob] = await Promise.all([register(node), register(node)])
}, 60_000)
afterAll(async () => {
  await Promise.all([node?.stop(), off?.stop()])
})

describe('public reads', () => {
  test('anonymous: public for PUBLIC_CACHE_SECONDS, an ETag, no RateLimit headers; signed in: private', async () => {
    const path = `/v1/users/${alice.username}`
    const anonymous = await call(node, 'GET', path)
    expect(anonymous.status).toBe(200)
    expect(anonymous.headers.get('cache-control')).toBe('public, max-age=7, stale-while-revalidate=7')
    expect(anonymous.headers.get('vary')).toBe('Authorization')
    expect(anonymous.headers.get('etag')).toMatch(/^W\/"[0-9a-z]+"$/)
    expect(anonymous.headers.get('ratelimit-limit')).toBeNull()
    expect(anonymous.headers.get('x-request-id')).toBeTruthy()

    const signedIn = await call(node, 'GET', path, { token: bob.tokens.accessToken })
    expect(signedIn.status).toBe(200)
    expect(signedIn.headers.get('cache-control')).toBe('private, no-cache')
    expect(signedIn.headers.get('vary')).toBe('Authorization')
    // The signed-in answer holds the viewer's relationship: not the anonymous one's bytes.
    expect(signedIn.body.relationship).not.toBeNull()
    expect(signedIn.headers.get('etag')).not.toBe(anonymous.headers.get('etag'))
    expect(signedIn.headers.get('ratelimit-limit')).not.toBeNull()
  })

  test('If-None-Match with the current ETag: 304 without a body; after a change: 200 with a new one', async () => {
    const path = `/v1/users/${alice.username}`
    const first = await call(node, 'GET', path)
    const etag = first.headers.get('etag')!
    const res = await node.request(path, { headers: { 'if-none-match': etag } })
    expect(res.status).toBe(304)
    expect(await res.text()).toBe('')
    expect(res.headers.get('etag')).toBe(etag)
    expect(res.headers.get('cache-control')).toBe('public, max-age=7, stale-while-revalidate=7')
    // A list of validators, one of them current (RFC 9110 §13.1.2).
    const listed = await node.request(path, { headers: { 'if-none-match': `W/"other", ${etag}` } })
    expect(listed.status).toBe(304)

    const changed = await call(node, 'PATCH', '/v1/me', {
      token: alice.tokens.accessToken,
      body: { bio: `changed ${Date.now()}` },
    })
    expect(changed.status).toBe(200)
    const again = await node.request(path, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(200)
    expect(again.headers.get('etag')).not.toBe(etag)
    expect(((await again.json()) as { bio: string }).bio).toStartWith('changed ')
  })

  test('posts and timelines are cacheable too; errors and private answers never are', async () => {
    const postId = await writePost(node, alice, { text: 'a public post #cachetag' })
    for (const path of [
      `/v1/posts/${postId}`,
      `/v1/posts/${postId}/context`,
      '/v1/timelines/public',
      '/v1/tags/cachetag/posts',
      '/v1/trending/tags',
      `/v1/users/${alice.username}/followers`,
    ]) {
      const res = await call(node, 'GET', path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('cache-control'), path).toStartWith('public, max-age=7')
    }
    const missing = await call(node, 'GET', '/v1/users/nobody_here_at_all')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('cache-control')).toBeNull()
    expect(missing.headers.get('etag')).toBeNull()
    const followersOnly = await writePost(node, alice, { text: 'for followers', visibility: 'followers' })
    const hidden = await call(node, 'GET', `/v1/posts/${followersOnly}`)
    expect(hidden.status).toBe(404)
    expect(hidden.headers.get('cache-control')).toBeNull()
    // A signed-in read of one's own account is not a publicCache route at all.
    const me = await call(node, 'GET', '/v1/me', { token: alice.tokens.accessToken })
    expect(me.headers.get('cache-control')).toBeNull()
    expect(me.headers.get('etag')).toBeNull()
  })

  test('PUBLIC_CACHE_SECONDS=0: anonymous answers are no-cache, still with an ETag for conditional GETs', async () => {
    const carol = await register(off)
    const res = await call(off, 'GET', `/v1/users/${carol.username}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-cache')
    const etag = res.headers.get('etag')!
    expect(
      (await off.request(`/v1/users/${carol.username}`, { headers: { 'if-none-match': etag } })).status,
    ).toBe(304)
  })

  test('the OpenAPI document tells the headers and the 304', async () => {
    const doc = (await (await node.request('/docs/json')).json()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>
      >
    }
    const profile = doc.paths['/v1/users/{username}']!.get!
    expect(Object.keys(profile.responses)).toContain('304')
    expect(Object.keys(profile.responses['200']!.headers ?? {})).toEqual(
      expect.arrayContaining(['Cache-Control', 'ETag', 'Vary']),
    )
    expect(Object.keys(doc.paths['/v1/me']!.get!.responses)).not.toContain('304')
  })
})
