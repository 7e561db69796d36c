import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { videoFingerprint } from '../../src/copyright/fingerprint.ts'
import { ffmpeg, makeWork } from '../../test/copyright/synth.ts'
import { VIDEO_TRANSFORMS } from './corpus.ts'

/**
 * The video part of bench/copyright's corpus made once and its fingerprints kept (VCACHE, a
 * directory): references of 30 s, transformed excerpts of 10-20 s, unrelated negatives of 15 s, so
 * that bench/copyright/video-tune.ts can measure the matcher's settings in seconds.
 */
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const dir = process.env.VCACHE ?? '/tmp/sf-copyright-vcache'
const REFS = env('VIDEO_REFS', 24)
const QUERIES = env('VIDEO_QUERIES', 8)
const NEGATIVES = env('VIDEO_NEGATIVES', 30)
mkdirSync(dir, { recursive: true })

const rnd = (() => {
  let s = 777
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    return s / 4294967296
  }
})()

async function save(name: string, path: string, extra: Record<string, unknown>) {
  const v = await videoFingerprint(path)
  const hashes = (h: BigInt64Array | undefined) => (h ? [...h].map(String) : [])
  await Bun.write(
    join(dir, `${name}.json`),
    JSON.stringify({
      ...extra,
      video: hashes(v.video),
      videoZoom: hashes(v.videoZoom),
      videoCentre: hashes(v.videoCentre),
    }),
  )
}

for (let i = 0; i < REFS; i++) {
  const seed = 5000 + i
  const path = join(dir, `ref-${seed}.mp4`)
  if (!existsSync(path)) await makeWork(path, seed, 30)
  if (!existsSync(join(dir, `ref-${seed}.json`))) await save(`ref-${seed}`, path, { seed })
}
for (const [name, args] of Object.entries(VIDEO_TRANSFORMS)) {
  for (let i = 0; i < QUERIES; i++) {
    const seed = 5000 + Math.floor(rnd() * REFS)
    const seconds = 10 + Math.floor(rnd() * 11)
    const start = Math.floor(rnd() * (30 - seconds))
    const file = `q-${name}-${i}`
    if (existsSync(join(dir, `${file}.json`))) continue
    const out = join(dir, `${file}.mp4`)
    await ffmpeg([
      '-ss',
      String(start),
      '-t',
      String(seconds),
      '-i',
      join(dir, `ref-${seed}.mp4`),
      '-an',
      ...args,
      out,
    ])
    await save(file, out, { seed, transform: name, start, seconds })
    rmSync(out, { force: true })
  }
}
for (let i = 0; i < NEGATIVES; i++) {
  const file = `neg-${i}`
  if (existsSync(join(dir, `${file}.json`))) continue
  const path = join(dir, `${file}.mp4`)
  await makeWork(path, 7000 + i, 15)
  await save(file, path, { negative: true })
  rmSync(path, { force: true })
}
console.log(`video corpus in ${dir}`)
