import { sql } from 'kysely'
import { blockedBetween } from '../users/queries.ts'

/**
 * Whether a post (in `alias`) may be seen by `viewer`: the one rule every read path applies.
 * Published (or the viewer's own); nobody blocked either way between viewer and author; and then
 * public to everyone, followers-only to followers and the mentioned, mentioned-only to the
 * mentioned. Anonymous viewers see published public posts.
 */
export function visibleTo(viewer: string | null, alias = 'p') {
  const p = (column: string) => sql.ref(`${alias}.${column}`)
  if (!viewer) return sql<boolean>`(${p('published_at')} is not null and ${p('visibility')} = 'public')`
  return sql<boolean>`(
    (${p('published_at')} is not null or ${p('author_id')} = ${viewer})
    and not ${blockedBetween(p('author_id'), viewer)}
    and (
      ${p('visibility')} = 'public'
      or ${p('author_id')} = ${viewer}
      or (${p('visibility')} = 'followers' and exists (select 1 from follows f where f.follower_id = ${viewer} and f.followee_id = ${p('author_id')}))
      or exists (select 1 from post_mentions m where m.post_id = ${p('id')} and m.user_id = ${viewer})
    )
  )`
}
