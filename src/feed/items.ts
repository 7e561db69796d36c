import { t } from 'elysia'
import type { PostView } from '../posts/reads.ts'
import { AccountSchema, PostSchema } from '../posts/routes.ts'

/** An account as a timeline item names its reposter. */
export interface Reposter {
  id: string
  username: string
  displayName: string | null
  isPrivate: boolean
}

/**
 * Where an item stands in a timeline that shows reposts (home, profile): its position's time
 * (when the post was published, or reposted) and, for a repost, who reposted it.
 */
export interface HomeItem {
  id: string
  at: Date
  repostedBy: Reposter | null
}

/** A post in a timeline that shows reposts: the post, and who reposted it when that is why it is there. */
export const TimelineItemSchema = t.Composite([
  PostSchema,
  t.Object({
    repostedBy: t.Nullable(AccountSchema, {
      description: 'The account whose repost brought the post here (null: the post itself)',
    }),
    repostedAt: t.Nullable(
      t.String({ description: 'When it was reposted: the item\u2019s place in the timeline' }),
    ),
  }),
])

/**
 * The items of a page: each post's view (from `views`, which may have left out posts deleted in
 * between) with the repost that brought it, in the order of `rows`.
 */
export function timelineItems(views: PostView[], rows: HomeItem[]) {
  const byId = new Map(views.map((v) => [v.id, v]))
  return rows.flatMap((r) => {
    const view = byId.get(r.id)
    if (!view) return []
    return [{ ...view, repostedBy: r.repostedBy, repostedAt: r.repostedBy ? r.at.toISOString() : null }]
  })
}
