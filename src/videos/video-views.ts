import type { Selectable } from 'kysely'
import { contentMarks } from '../moderation/marks.ts'
import type { Videos } from '../platform/db/schema.ts'
import { PLAY_PATH, type PlaybackSigner } from './playback.ts'

export type Visibility = 'public' | 'unlisted' | 'followers' | 'private'
export type VideoStatus = 'uploading' | 'processing' | 'checking' | 'ready' | 'failed' | 'blocked'

/** What the worker writes when a video is ready (`videos.outputs`). */
export interface VideoOutputs {
  encoder: string
  hlsMaster: string
  dashManifest: string
  renditions: { name: string; width: number; height: number; videoBitrate: number; audioBitrate: number }[]
  thumbnails: { name: string; width: number; height: number; file: string }[]
  storyboard: { sprite: string; vtt: string; tiles: number; interval: number } | null
  files: string[]
  bytes: number
}

/** A video's row, as the table holds it. */
export type VideoRow = Selectable<Videos>

export interface VideoView {
  id: string
  ownerId: string
  title: string
  description: string
  tags: string[]
  visibility: Visibility
  publishAt: string | null
  minAge: number | null
  allowedCountries: string[]
  blockedCountries: string[]
  commentsEnabled: boolean
  status: VideoStatus
  /** 0-100 while processing. */
  progress: number | null
  failureReason: string | null
  jobId: string | null
  durationMs: number | null
  width: number | null
  height: number | null
  renditions: string[]
  viewCount: number
  watchSeconds: number
  /** Marked sensitive or age-restricted by moderation, with the label as the warning. */
  sensitive: boolean
  contentWarning: string | null
  /** A poster frame (640 px wide, or the nearest), by a signed URL, once the video is ready. */
  poster: { url: string; width: number; height: number } | null
  /** Who may watch it: everyone, or subscribers of the owner (of `audienceTierId` and above). */
  audience: 'public' | 'subscribers'
  audienceTierId: string | null
  /** The viewer may not watch it: see `lockedView`. */
  locked: boolean
  createdAt: string
  updatedAt: string
}

/** Every column but `outputs`, for lists. */
export const LIST_COLUMNS: Record<Exclude<keyof VideoRow, 'outputs'>, true> = {
  id: true,
  ownerId: true,
  uploadId: true,
  title: true,
  description: true,
  tags: true,
  visibility: true,
  publishAt: true,
  minAge: true,
  allowedCountries: true,
  blockedCountries: true,
  commentsEnabled: true,
  status: true,
  failureReason: true,
  jobId: true,
  durationMs: true,
  width: true,
  height: true,
  outputPrefix: true,
  viewCount: true,
  watchMs: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
  moderation: true,
  moderationWarning: true,
  audience: true,
  audienceTierId: true,
  copyrightBlockedCountries: true,
}

/**
 * The signed URL of a ready video's poster (the 640 px thumbnail, or the nearest). Its expiry is
 * rounded up to the hour, so that every view within the hour carries the same URL (cacheable).
 * Posters are shown wherever the video is listed, without the age and country rules of playing
 * it: so the token opens that one file, not the encoding.
 */
export function posterOf(
  row: VideoRow,
  opts: { signer: PlaybackSigner; baseUrl: string; ttlSeconds: number },
): VideoView['poster'] {
  const thumbnails = (row.outputs as VideoOutputs | null)?.thumbnails ?? []
  if (row.status !== 'ready' || !row.outputPrefix || thumbnails.length === 0) return null
  const best = [...thumbnails].sort((a, b) => Math.abs(a.width - 640) - Math.abs(b.width - 640))[0]!
  const expiresAt = Math.ceil((Date.now() / 1000 + opts.ttlSeconds) / 3600) * 3600
  const token = opts.signer.sign(row.id, row.outputPrefix, expiresAt, { file: best.file })
  return { url: `${opts.baseUrl}${PLAY_PATH}/${token}/${best.file}`, width: best.width, height: best.height }
}

export function viewOf(row: VideoRow, progress: number | null = null): VideoView {
  const outputs = row.outputs as VideoOutputs | null
  return {
    id: row.id,
    ownerId: row.ownerId,
    title: row.title,
    description: row.description,
    tags: row.tags,
    visibility: row.visibility as Visibility,
    publishAt: row.publishAt?.toISOString() ?? null,
    minAge: row.minAge,
    allowedCountries: row.allowedCountries,
    blockedCountries: row.blockedCountries,
    commentsEnabled: row.commentsEnabled,
    status: row.status as VideoStatus,
    progress: row.status === 'processing' ? (progress ?? 0) : row.status === 'ready' ? 100 : null,
    failureReason: row.failureReason,
    jobId: row.jobId,
    durationMs: row.durationMs,
    width: row.width,
    height: row.height,
    renditions: outputs?.renditions.map((r) => r.name) ?? [],
    viewCount: Number(row.viewCount),
    watchSeconds: Math.floor(Number(row.watchMs) / 1000),
    ...contentMarks(row.moderation, row.moderationWarning),
    poster: null,
    audience: row.audience as VideoView['audience'],
    audienceTierId: row.audienceTierId,
    locked: false,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/**
 * A video kept for subscribers, as a viewer not entitled to it sees it: that it exists (its title,
 * length, counts) and whom to subscribe to (its owner, `audienceTierId`), not what describes its
 * content (description, tags, poster frame); playing it is refused.
 */
export function lockedView(view: VideoView): VideoView {
  return { ...view, description: '', tags: [], poster: null, locked: true }
}
