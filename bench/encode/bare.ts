/**
 * The baseline of bench/encode: the same outputs as the pipeline's processing step, made by the
 * bare tools with nothing around them: ffprobe, the ladder's ffmpeg command (the very argv the
 * ffmpeg encoder runs), the poster frame and its resized thumbnails, the storyboard.
 *
 *   bun bench/encode/bare.ts <source> <out dir> <preset>
 */
import { mkdirSync } from 'node:fs'
import { ffmpegLadderArgs } from '../../src/videos/encoders/ffmpeg.ts'
import { planLadder, probe, storyboard, thumbnails } from '../../src/videos/media-tools.ts'

const [source, outDir, preset] = process.argv.slice(2) as [string, string, string]
mkdirSync(outDir, { recursive: true })
const info = await probe(source)
const args = ffmpegLadderArgs({ sourcePath: source, source: info, ladder: planLadder(info) }, outDir, {
  preset,
})
const ladder = Bun.spawn(args, { stdout: 'ignore', stderr: 'inherit' })
if ((await ladder.exited) !== 0) throw new Error('ffmpeg failed')
await thumbnails(source, info, outDir)
await storyboard(source, info, outDir)
