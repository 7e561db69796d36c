import type { Kysely } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { HttpError } from '../platform/errors.ts'
import { PLAY_PATH, type PlaybackSigner } from './playback.ts'
import { videoProblems } from './problems.ts'
import type { VideoOutputs, VideoRow } from './video-views.ts'

export interface Playback {
  hls: string
  dash: string
  thumbnails: { url: string; width: number; height: number }[]
  storyboard: { vtt: string; sprite: string } | null
  renditions: VideoOutputs['renditions']
  durationMs: number
  expiresAt: string
}

/** Whole years between a birth date and a day. */
export function ageOn(born: Date, day: Date): number {
  let age = day.getUTCFullYear() - born.getUTCFullYear()
  const m = day.getUTCMonth() - born.getUTCMonth()
  if (m < 0 || (m === 0 && day.getUTCDate() < born.getUTCDate())) age--
  return age
}

/**
 * Signed URLs to play the video: the rules of `visibleTo` (the row is one `viewer` may see), then
 * age (a viewer old enough by the birth date they gave; anonymous viewers never) and country (from
 * the edge's header; unknown fails an allow list) for everyone but the owner.
 */
export async function playbackFor(
  db: Kysely<DB>,
  viewer: string | null,
  row: VideoRow,
  country: string | null,
  signer: PlaybackSigner,
  opts: { baseUrl: string; ttlSeconds: number },
): Promise<Playback> {
  if (row.status !== 'ready' || !row.outputs || !row.outputPrefix)
    throw new HttpError(videoProblems.notReady, `The video is ${row.status}`)
  if (viewer !== row.ownerId) {
    // Age-restricted by moderation: adults only, whatever the owner chose.
    const minAge = row.moderation === 'age_restricted' ? Math.max(row.minAge ?? 0, 18) : row.minAge
    if (minAge) {
      const user = viewer
        ? await db.selectFrom('users').select('birthDate').where('id', '=', viewer).executeTakeFirst()
        : undefined
      const born = user?.birthDate ? new Date(user.birthDate) : null
      if (!born || ageOn(born, new Date()) < minAge)
        throw new HttpError(
          videoProblems.ageRestricted,
          viewer
            ? `For viewers aged ${minAge} or more (set your birth date with PATCH /v1/me)`
            : `For viewers aged ${minAge} or more: sign in`,
        )
    }
    const c = country?.toUpperCase() ?? null
    const blocked = c ? row.blockedCountries.includes(c) || row.copyrightBlockedCountries.includes(c) : false
    const notAllowed = row.allowedCountries.length > 0 && (!c || !row.allowedCountries.includes(c))
    if (blocked || notAllowed) throw new HttpError(videoProblems.regionBlocked)
  }
  const outputs = row.outputs as unknown as VideoOutputs
  const expiresAt = Math.floor(Date.now() / 1000) + opts.ttlSeconds
  const base = `${opts.baseUrl}${PLAY_PATH}/${signer.sign(row.id, row.outputPrefix, expiresAt, 'encoding')}/`
  return {
    hls: base + outputs.hlsMaster,
    dash: base + outputs.dashManifest,
    thumbnails: outputs.thumbnails.map((t) => ({ url: base + t.file, width: t.width, height: t.height })),
    storyboard: outputs.storyboard && {
      vtt: base + outputs.storyboard.vtt,
      sprite: base + outputs.storyboard.sprite,
    },
    renditions: outputs.renditions,
    durationMs: row.durationMs ?? 0,
    expiresAt: new Date(expiresAt * 1000).toISOString(),
  }
}
