import { sql } from 'kysely'
import { blockedBetween, follows, sharesPubliclyWith } from '../users/queries.ts'

/**
 * Whether `viewer` may see the video in `v`: the owner always (unless deleted); others when it
 * is ready and published, nobody is blocked either way, and its visibility admits them (public
 * and unlisted: anyone with the link, but only followers when the owner's account is private;
 * followers: accepted followers; private: the owner only), unless moderation holds or removed
 * it. Age and country are checked at
 * playback, where they apply.
 */
export function visibleTo(viewer: string | null) {
  const base = sql<boolean>`(v.deleted_at is null)`
  // Held or removed by moderation: out of sight of everyone but the owner.
  const published = sql<boolean>`(v.status = 'ready' and (v.publish_at is null or v.publish_at <= now())
    and (v.moderation is null or v.moderation not in ('held', 'removed')))`
  const owner = sql.ref('v.owner_id')
  if (!viewer)
    return sql<boolean>`(${base} and ${published} and v.visibility in ('public', 'unlisted') and ${sharesPubliclyWith(null, owner)})`
  return sql<boolean>`(${base} and (v.owner_id = ${viewer} or (
    ${published}
    and not ${blockedBetween(owner, viewer)}
    and ((v.visibility in ('public', 'unlisted') and ${sharesPubliclyWith(viewer, owner)})
      or (v.visibility = 'followers' and ${follows(viewer, owner)}))
  )))`
}
