import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../platform/logger.ts'
import { WakeableLoop } from '../platform/wakeable-loop.ts'
import type { UploadService } from './uploads.ts'
import type { VideoService } from './videos.ts'

/** Scratch space left by an encoding older than this belongs to no running job (their timeout is 6 h). */
const SCRATCH_MAX_AGE_MS = 7 * 3_600_000

/**
 * The worker's housekeeping for videos, every few minutes: unfinished uploads past their expiry
 * go (bytes, rows, quota); videos stuck waiting for a complete upload start; scratch directories
 * of encodings that died with their process are removed.
 */
export function videoMaintenance(deps: {
  videos: VideoService
  uploads: UploadService
  workDir: string
  log: Logger
}): WakeableLoop {
  return new WakeableLoop(
    'video maintenance',
    async () => {
      const expired = await deps.uploads.expire()
      const started = await deps.videos.startStuck()
      const swept = await sweepScratch(deps.workDir)
      if (expired || started || swept) deps.log.info({ expired, started, swept }, 'video maintenance')
      return false
    },
    5 * 60_000,
    deps.log,
  )
}

/** Removes scratch entries (`job-*`, `encode-*`) of VIDEO_WORK_DIR not touched for a long time. */
export async function sweepScratch(workDir: string, maxAgeMs = SCRATCH_MAX_AGE_MS): Promise<number> {
  const entries = await readdir(workDir).catch(() => [] as string[])
  let removed = 0
  for (const name of entries) {
    if (!name.startsWith('job-') && !name.startsWith('encode-')) continue
    const path = join(workDir, name)
    const info = await stat(path).catch(() => null)
    if (!info || Date.now() - info.mtimeMs < maxAgeMs) continue
    await rm(path, { recursive: true, force: true })
    removed++
  }
  return removed
}
