import { type Kysely, type Selectable, sql } from 'kysely'
import { contentMarks } from '../moderation/marks.ts'
import type { DB, LiveStreams } from '../platform/db/schema.ts'
import { HttpError } from '../platform/errors.ts'
import { blockedBetween, follows, isAdult, sharesPubliclyWith } from '../users/queries.ts'
import type { LatencyMode, StreamHealth } from './backend.ts'
import { liveProblems } from './problems.ts'

export type StreamVisibility = 'public' | 'followers' | 'unlisted'
export type StreamState = 'idle' | 'live' | 'ended'

export type StreamRow = Selectable<LiveStreams>
type OwnerColumns = { username: string; displayName: string | null }

export interface StreamView {
  id: string
  owner: { id: string; username: string; displayName: string | null }
  title: string
  description: string
  category: string | null
  visibility: StreamVisibility
  record: boolean
  latencyMode: LatencyMode
  chat: {
    slowSeconds: number
    followersOnlyMinutes: number | null
    subscribersOnly: boolean
    emoteOnly: boolean
  }
  state: StreamState
  startedAt: string | null
  endedAt: string | null
  viewers: number
  peakViewers: number
  uniqueViewers: number
  health: StreamHealth | null
  videoId: string | null
  /** Who may watch it: everyone, or subscribers of the owner (of `audienceTierId` and above). */
  audience: 'public' | 'subscribers'
  audienceTierId: string | null
  /** The viewer may not watch it: see `lockedView`. */
  locked: boolean
  /** Marked sensitive or age-restricted by moderation: shown blurred, behind `contentWarning`. */
  sensitive: boolean
  contentWarning: string | null
  /** Age-restricted by moderation: only signed-in adults (and its owner) may watch it. */
  ageRestricted: boolean
  createdAt: string
}

export function viewOf(row: StreamRow & OwnerColumns): StreamView {
  return {
    id: row.id,
    owner: { id: row.ownerId, username: row.username, displayName: row.displayName },
    title: row.title,
    description: row.description,
    category: row.category,
    visibility: row.visibility as StreamVisibility,
    record: row.record,
    latencyMode: row.latencyMode as LatencyMode,
    chat: {
      slowSeconds: row.chatSlowSeconds,
      followersOnlyMinutes: row.chatFollowersOnlyMinutes,
      subscribersOnly: row.chatSubscribersOnly,
      emoteOnly: row.chatEmoteOnly,
    },
    state: row.state as StreamState,
    startedAt: row.startedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    viewers: row.viewers,
    peakViewers: row.peakViewers,
    uniqueViewers: row.uniqueViewers,
    health: (row.health as StreamHealth | null) ?? null,
    videoId: row.videoId,
    audience: row.audience as StreamView['audience'],
    audienceTierId: row.audienceTierId,
    locked: false,
    ...contentMarks(row.moderation, row.moderationWarning),
    ageRestricted: row.moderation === 'age_restricted',
    createdAt: row.createdAt.toISOString(),
  }
}

/**
 * A stream kept for subscribers, as a viewer not entitled to it sees it: that it exists (title,
 * state, viewers) and whom to subscribe to (its owner, `audienceTierId`), not its description.
 */
export function lockedView(view: StreamView): StreamView {
  return { ...view, description: '', health: null, locked: true }
}

/** Streams (`s`) with their owner's name (`u`): what every view is read from. */
export function streamsWithOwner(db: Kysely<DB>) {
  return db
    .selectFrom('liveStreams as s')
    .innerJoin('users as u', 'u.id', 's.ownerId')
    .selectAll('s')
    .select(['u.username', 'u.displayName'])
}

/** One stream's view, deleted or not (the actor announces its end after a delete too). */
export async function loadView(db: Kysely<DB>, id: string): Promise<StreamView | undefined> {
  const row = await streamsWithOwner(db).where('s.id', '=', id).executeTakeFirst()
  return row && viewOf(row)
}

/**
 * Whether `viewer` may see the stream in `s`: the owner always (unless deleted); others when
 * nobody is blocked either way and its visibility admits them (public and unlisted: anyone with
 * the link, but only followers when the owner's account is private; followers: accepted
 * followers). Lists leave unlisted streams out besides.
 */
export function visibleTo(viewer: string | null) {
  const base = sql<boolean>`(s.deleted_at is null)`
  // Held or removed by moderation (src/moderation): its owner only.
  const moderated = sql<boolean>`(s.moderation is null or s.moderation not in ('held', 'removed'))`
  const owner = sql.ref('s.owner_id')
  if (!viewer)
    return sql<boolean>`(${base} and ${moderated} and s.visibility in ('public', 'unlisted') and ${sharesPubliclyWith(null, owner)})`
  return sql<boolean>`(${base} and (s.owner_id = ${viewer} or (
    ${moderated}
    and not ${blockedBetween(owner, viewer)}
    and ((s.visibility in ('public', 'unlisted') and ${sharesPubliclyWith(viewer, owner)})
      or (s.visibility = 'followers' and ${follows(viewer, owner)}))
  )))`
}

/**
 * Whether `viewer` is old enough for the stream in `s`: a stream moderation age-restricted is for
 * signed-in adults (by the birth date they gave, `isAdult`) and its owner; lists leave it out for
 * the others, and playback and its chat refuse them (`liveProblems.ageRestricted`).
 */
export function oldEnoughFor(viewer: string | null) {
  const open = sql<boolean>`(s.moderation is distinct from 'age_restricted')`
  if (!viewer) return open
  return sql<boolean>`(${open} or s.owner_id = ${viewer} or ${isAdult(viewer)})`
}

/** Refuses the stream (playback, its chat) to a viewer not old enough for it: 403 age_restricted. */
export async function checkOldEnough(db: Kysely<DB>, viewer: string | null, id: string): Promise<void> {
  const ok = await db
    .selectFrom('liveStreams as s')
    .select('s.id')
    .where('s.id', '=', id)
    .where(oldEnoughFor(viewer))
    .executeTakeFirst()
  if (!ok)
    throw new HttpError(
      liveProblems.ageRestricted,
      viewer ? 'For adults only (set your birth date with PATCH /v1/me)' : 'For adults only: sign in',
    )
}
