import { sql } from 'kysely'
import { blockedBetween, follows, sharesPubliclyWith } from '../users/queries.ts'

/**
 * Whether a post (in `alias`) may be seen by `viewer`: the one rule every read path applies.
 * Published (or the viewer's own); nobody blocked either way between viewer and author; and then
 * public to everyone, followers-only to followers, and mentioned-only to nobody else; the
 * mentioned see the posts that mention them. A private account's public posts are its followers'
 * only (as if followers-only). Anonymous viewers see published public posts of public accounts.
 */
export function visibleTo(viewer: string | null, alias = 'p') {
  const p = (column: string) => sql.ref(`${alias}.${column}`)
  if (!viewer)
    return sql<boolean>`(${p('published_at')} is not null and ${p('visibility')} = 'public' and ${sharesPubliclyWith(null, p('author_id'))})`
  return sql<boolean>`(
    (${p('published_at')} is not null or ${p('author_id')} = ${viewer})
    and not ${blockedBetween(p('author_id'), viewer)}
    and (
      ${p('author_id')} = ${viewer}
      or (${p('visibility')} = 'public' and ${sharesPubliclyWith(viewer, p('author_id'))})
      or (${p('visibility')} = 'followers' and ${follows(viewer, p('author_id'))})
      or exists (select 1 from post_mentions m where m.post_id = ${p('id')} and m.user_id = ${viewer})
    )
  )`
}
