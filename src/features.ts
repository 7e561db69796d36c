import type { AnyElysia } from 'elysia'
import type { AppContext } from './context.ts'

/**
 * The feature plugins served under /v1, each built from the parts of the context it uses.
 * Features land here as their issues are built (auth, users, posts, feed, media, ...).
 */
export function features(_ctx: AppContext): AnyElysia[] {
  return []
}
