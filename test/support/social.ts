import type { LookupFunction } from 'node:net'
import { type Account, call } from './accounts.ts'
import { startTestNode, type TestNode } from './node.ts'

/** A node for tests that make many accounts: cheap password hashes, client addresses trusted. */
export function startSocialNode(
  tag: string,
  env: Record<string, string> = {},
  opts: { lookup?: LookupFunction } = {},
): Promise<TestNode> {
  return startTestNode(tag, {
    env: { TRUST_PROXY: 'true', PASSWORD_MEMORY_KIB: '1024', PASSWORD_TIME_COST: '1', ...env },
    ...opts,
  })
}

/** Writes a post and returns its id. */
export async function writePost(
  node: TestNode,
  author: Account,
  body: Record<string, unknown>,
): Promise<string> {
  const res = await call(node, 'POST', '/v1/posts', { token: author.tokens.accessToken, body })
  if (res.status !== 201) throw new Error(`post failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.id
}
