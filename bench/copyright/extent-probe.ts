import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { audioPcm } from '../../src/copyright/fingerprint.ts'
import { LANDMARK_STEP, peaks } from '../../src/copyright/landmarks.ts'
import { ffmpeg } from '../../test/copyright/synth.ts'
import { AUDIO_TRANSFORMS, makeSpeech, RATE, synth, writeWav } from './corpus.ts'

const dir = mkdtempSync(join(tmpdir(), 'sf-extent-probe-'))
const SEEDS = Number(process.env.SEEDS ?? 12)
const DENSE = Number(process.env.DENSE ?? 16)
const WIN = Math.round(Number(process.env.WIN ?? 2) / LANDMARK_STEP)
const speech = await makeSpeech(dir)
async function pcmOf(pcm: Int16Array, name: string, transform?: string) {
  const raw = join(dir, `${name}.wav`)
  await writeWav(raw, pcm)
  if (!transform) return audioPcm(raw)
  const out = join(dir, `${name}-t.wav`)
  await ffmpeg([...AUDIO_TRANSFORMS[transform]!(raw, speech), out])
  return audioPcm(out)
}
type P = { t: Int32Array; f: Int32Array }
/** per query frame window start: share of reference peaks (at offset d frames) with a query peak within ±1 frame ±1 bin. */
function rates(q: P, r: P, d: number, qFrames: number): number[] {
  const set = new Set<number>()
  for (let i = 0; i < q.t.length; i++) set.add(q.t[i]! * 1024 + q.f[i]!)
  const hit = new Float64Array(qFrames)
  const cnt = new Float64Array(qFrames)
  for (let i = 0; i < r.t.length; i++) {
    const tq = r.t[i]! - d
    if (tq < 0 || tq >= qFrames) continue
    cnt[tq]!++
    let h = 0
    for (let a = -1; a <= 1 && !h; a++)
      for (let b = -1; b <= 1 && !h; b++) if (set.has((tq + a) * 1024 + r.f[i]! + b)) h = 1
    hit[tq]! += h
  }
  const out: number[] = []
  for (let s = 0; s + WIN <= qFrames; s += 4) {
    let h = 0
    let n = 0
    for (let k = s; k < s + WIN; k++) {
      h += hit[k]!
      n += cnt[k]!
    }
    out.push(n ? h / n : Number.NaN)
  }
  return out
}
const copy: number[] = []
const lead: number[] = []
const nulls: number[] = []
for (let seed = 0; seed < SEEDS; seed++) {
  const ref = peaks(await pcmOf(synth(seed, 60), `r${seed}`), 4)
  const seconds = 10 + (seed % 3)
  const start = 20
  const l = synth(900_000 + seed, 5)
  const body = synth(seed, start + seconds).subarray(start * RATE)
  const pcm = new Int16Array(l.length + body.length)
  pcm.set(l)
  pcm.set(body, l.length)
  const qp = await pcmOf(pcm, `q${seed}`, process.env.T ?? 'under_speech')
  const qFrames = Math.floor(qp.length / 256)
  const q = peaks(qp, DENSE)
  const d = Math.round((start - 5) / LANDMARK_STEP)
  const w = rates(q, ref, d, qFrames)
  const line: string[] = []
  w.forEach((b, i) => {
    const t0 = i * 4 * LANDMARK_STEP
    const t1 = t0 + WIN * LANDMARK_STEP
    if (t0 >= 5 && t1 <= 5 + seconds) copy.push(b)
    else if (t1 <= 5) lead.push(b)
    if (i % 4 === 0) line.push(b.toFixed(2))
  })
  console.log(`seed ${seed} (${seconds} s): ${line.join(' ')}`)
  const neg = await pcmOf(synth(3_000_000 + seed, 30), `n${seed}`, 'under_speech')
  const nq = peaks(neg, DENSE)
  for (const off of [0, 97, 203, 311, 402, 555])
    nulls.push(...rates(nq, ref, off, Math.floor(neg.length / 256)).filter((x) => !Number.isNaN(x)))
}
const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))]!.toFixed(3)
for (const [n, xs] of [
  ['copy', copy],
  ['lead', lead],
  ['null', nulls],
] as const)
  console.log(
    `${n}: n ${xs.length} min ${q(xs, 0)} p5 ${q(xs, 0.05)} p50 ${q(xs, 0.5)} p95 ${q(xs, 0.95)} max ${q(xs, 1)}`,
  )
rmSync(dir, { recursive: true, force: true })
