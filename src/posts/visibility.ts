import { sql } from 'kysely'
import { blockedBetween, follows, isAdult, sharesPubliclyWith, type ViewerRef } from '../users/queries.ts'

/**
 * Whether a post (in `alias`) may be seen by `viewer`: the one rule every read path applies.
 * Published (or the viewer's own); nobody blocked either way between viewer and author; and then
 * public to everyone, followers-only to followers, and mentioned-only to nobody else; the
 * mentioned see the posts that mention them. A private account's public posts are its followers'
 * only (as if followers-only), and so are those of an account moderation limited. Anonymous
 * viewers see published public posts of public accounts. Moderation's state (src/moderation)
 * comes on top: see moderationAllows.
 */
export function visibleTo(viewer: ViewerRef | null, alias = 'p') {
  const p = (column: string) => sql.ref(`${alias}.${column}`)
  if (!viewer)
    return sql<boolean>`(${p('published_at')} is not null and ${p('visibility')} = 'public' and ${sharesPubliclyWith(null, p('author_id'))}
      and ${moderationAllows(null, alias)} and not ${reachLimited(p('author_id'))})`
  return sql<boolean>`(
    (${p('published_at')} is not null or ${p('author_id')} = ${viewer})
    and not ${blockedBetween(p('author_id'), viewer)}
    and ${moderationAllows(viewer, alias)}
    and (
      ${p('author_id')} = ${viewer}
      or (${p('visibility')} = 'public' and ${sharesPubliclyWith(viewer, p('author_id'))}
          and (not ${reachLimited(p('author_id'))} or ${follows(viewer, p('author_id'))}))
      or (${p('visibility')} = 'followers' and ${follows(viewer, p('author_id'))})
      or exists (select 1 from post_mentions m where m.post_id = ${p('id')} and m.user_id = ${viewer})
    )
  )`
}

/**
 * What moderation's state of a post lets `viewer` see: anything not held or removed; an
 * age-restricted post only with a birth date 18 years back (never anonymously); a held post its
 * author too; moderators and administrators everything (they review it). The post's own state and
 * that of the images and video it carries (`media_moderation`, src/moderation/post-media.ts) both
 * apply.
 */
function moderationAllows(viewer: ViewerRef | null, alias: string) {
  return sql<boolean>`(${stateAllows(viewer, alias, 'moderation')} and ${stateAllows(viewer, alias, 'media_moderation')})`
}

function stateAllows(viewer: ViewerRef | null, alias: string, column: string) {
  const state = sql.ref(`${alias}.${column}`)
  if (!viewer) return sql<boolean>`(${state} is null or ${state} = 'sensitive')`
  return sql<boolean>`(${state} is null or ${state} = 'sensitive'
    or (${state} = 'age_restricted' and ${isAdult(viewer)})
    or (${state} in ('held', 'age_restricted') and ${sql.ref(`${alias}.author_id`)} = ${viewer})
    or exists (select 1 from users mu where mu.id = ${viewer} and mu.role in ('moderator', 'admin')))`
}

/** Whether moderation limited the account's reach to its followers. */
function reachLimited(account: unknown) {
  return sql<boolean>`exists (select 1 from users lu where lu.id = ${account} and lu.reach_limited)`
}
