import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { audioLandmarks } from '../../src/copyright/fingerprint.ts'
import {
  type Density,
  LANDMARK_STEP,
  type Landmarks,
  QUERY,
  REFERENCE,
} from '../../src/copyright/landmarks.ts'
import { ffmpeg } from '../../test/copyright/synth.ts'
import { AUDIO_TRANSFORMS, makeSpeech, RATE, synth, writeWav } from './corpus.ts'

/**
 * What of the spectral-peak landmarks (src/copyright/landmarks.ts) survives each transformation,
 * in memory (no index): for 30 s excerpts of a reference (from 10 s, after a 5 s lead-in of
 * another melody), the votes of the best offset against the reference (and whether it is the true
 * one), the landmarks a second of each, and the most votes any of OTHERS unrelated tracks gets at
 * one offset (what a vote threshold must stay over). One line per transformation.
 */
const dir = mkdtempSync(join(tmpdir(), 'sf-landmark-probe-'))
const SEEDS = Number(process.env.SEEDS ?? 6)
const OTHERS = Number(process.env.OTHERS ?? 40)
const TRANSFORMS = (process.env.TRANSFORMS ?? 'plain,under_speech,noise,mp3_32k,eq,speed_2pct').split(',')
const speech = await makeSpeech(dir)

/** Votes per offset (reference frame − query frame, in bins of 2 frames): the best bin's count and offset. */
function best(q: Landmarks, r: Landmarks): { votes: number; offset: number } {
  const at = new Map<number, number[]>()
  for (let i = 0; i < r.hashes.length; i++) {
    const list = at.get(r.hashes[i]!) ?? []
    list.push(r.times[i]!)
    at.set(r.hashes[i]!, list)
  }
  const votes = new Map<number, number>()
  for (let i = 0; i < q.hashes.length; i++)
    for (const t of at.get(q.hashes[i]!) ?? []) {
      const o = Math.floor((t - q.times[i]!) / 2)
      votes.set(o, (votes.get(o) ?? 0) + 1)
    }
  let out = { votes: 0, offset: 0 }
  for (const [o, v] of votes) {
    const sum = v + (votes.get(o + 1) ?? 0)
    if (sum > out.votes) out = { votes: sum, offset: (o * 2 + 1) * LANDMARK_STEP }
  }
  return out
}

async function prints(pcm: Int16Array, name: string, density: Density = REFERENCE): Promise<Landmarks> {
  const path = join(dir, `${name}.wav`)
  await writeWav(path, pcm)
  const out = await audioLandmarks(path, density)
  rmSync(path)
  return out
}

const f = (x: number, d = 1) => x.toFixed(d)
const others: Landmarks[] = []
for (let i = 0; i < OTHERS; i++) others.push(await prints(synth(70_000 + i, 60), `o${i}`))
console.log(
  `reference ${JSON.stringify(REFERENCE)}: ${f(others.reduce((a, o) => a + o.hashes.length, 0) / OTHERS / 60, 0)} hashes/s; query ${JSON.stringify(QUERY)}`,
)
for (const transform of TRANSFORMS) {
  const hits: number[] = []
  const nulls: number[] = []
  let right = 0
  let density = 0
  for (let seed = 0; seed < SEEDS; seed++) {
    const ref = await prints(synth(seed, 60), `r${seed}`)
    const lead = synth(900_000 + seed, 5)
    const body = synth(seed, 40).subarray(10 * RATE)
    const pcm = new Int16Array(lead.length + body.length)
    pcm.set(lead)
    pcm.set(body, lead.length)
    const raw = join(dir, `q${seed}.wav`)
    await writeWav(raw, pcm)
    const out = join(dir, `q${seed}-t.${transform.startsWith('mp3') ? 'mp3' : 'wav'}`)
    await ffmpeg(
      transform === 'plain' ? ['-i', raw, out] : [...AUDIO_TRANSFORMS[transform]!(raw, speech), out],
    )
    const t0 = performance.now()
    const q = await audioLandmarks(out, QUERY)
    const ms = performance.now() - t0
    density += q.hashes.length / 35
    const b = best(q, ref)
    hits.push(b.votes)
    // True offset: the reference's 10 s is the query's 5 s.
    if (Math.abs(b.offset - 5) < 0.2) right++
    nulls.push(Math.max(...others.map((o) => best(q, o).votes)))
    if (seed === 0) console.log(`  (${transform}: landmarks of 35 s in ${f(ms, 0)} ms)`)
  }
  console.log(
    `${transform.padEnd(12)} votes at the best offset min ${Math.min(...hits)} median ${hits.sort((a, b) => a - b)[hits.length >> 1]} (true offset ${right}/${SEEDS}) | unrelated best max ${Math.max(...nulls)} median ${nulls.sort((a, b) => a - b)[nulls.length >> 1]} | ${f(density, 0)} hashes/s`,
  )
}
rmSync(dir, { recursive: true, force: true })
