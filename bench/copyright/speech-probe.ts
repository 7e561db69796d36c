import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { popcount32 } from '../../src/copyright/phash.ts'
import { FFMPEG } from '../../src/videos/media-tools.ts'
import { ffmpeg } from '../../test/copyright/synth.ts'
import { AUDIO_TRANSFORMS, makeSpeech, RATE, synth, writeWav } from './corpus.ts'

/**
 * What of Chromaprint survives speech over music (AUDIO_TRANSFORMS.under_speech: the music 6 dB
 * under the voice), per fingerprint algorithm: for excerpts at a known offset, the bit error rate
 * against the reference at the true alignment, how many query frames keep their index key (top
 * 20 bits; top 12), and the lowest bit error rate an unrelated track reaches over all offsets
 * (what a threshold must stay under). Prints one line per algorithm and transformation.
 */
const dir = mkdtempSync(join(tmpdir(), 'sf-speech-probe-'))
const SEEDS = Number(process.env.SEEDS ?? 6)
const ALGORITHMS = (process.env.ALGORITHMS ?? '1,2,4').split(',').map(Number)
const speech = await makeSpeech(dir)

async function print(path: string, algorithm: number): Promise<Int32Array> {
  const proc = Bun.spawn(
    [
      FFMPEG,
      '-nostdin',
      '-v',
      'error',
      '-i',
      path,
      '-ac',
      '1',
      '-f',
      'chromaprint',
      '-algorithm',
      String(algorithm),
      '-fp_format',
      'raw',
      '-',
    ],
    { stdout: 'pipe', stderr: 'pipe' },
  )
  const out = new Uint8Array(await new Response(proc.stdout).arrayBuffer())
  await proc.exited
  return new Int32Array(out.buffer, 0, Math.floor(out.byteLength / 4)).slice()
}

/** Mean bit error rate of q against r at offset d (r frame = q frame + d), over the overlap. */
function ber(q: Int32Array, r: Int32Array, d: number): number {
  let bits = 0
  let n = 0
  for (let i = 0; i < q.length; i++) {
    const j = i + d
    if (j < 0 || j >= r.length) continue
    bits += popcount32(q[i]! ^ r[j]!)
    n++
  }
  return n < q.length / 2 ? 1 : bits / (32 * n)
}

const f = (x: number) => x.toFixed(3)
for (const algorithm of ALGORITHMS) {
  for (const transform of ['plain', 'under_speech', 'noise']) {
    const bers: number[] = []
    const nulls: number[] = []
    let keys20 = 0
    let keys12 = 0
    let frames = 0
    for (let seed = 0; seed < SEEDS; seed++) {
      const refPath = join(dir, `r${seed}.wav`)
      await writeWav(refPath, synth(seed, 60))
      const ref = await print(refPath, algorithm)
      const otherPath = join(dir, `o${seed}.wav`)
      await writeWav(otherPath, synth(50_000 + seed, 60))
      const other = await print(otherPath, algorithm)
      // 30 s from 10 s in.
      const raw = join(dir, `q${seed}.wav`)
      await writeWav(raw, synth(seed, 40).subarray(10 * RATE))
      const out = join(dir, `q${seed}-t.wav`)
      if (transform === 'plain') await ffmpeg(['-i', raw, out])
      else await ffmpeg([...AUDIO_TRANSFORMS[transform]!(raw, speech), out])
      const q = await print(out, algorithm)
      // The true offset, found on the clean excerpt (frames are ~0.124 s; start 10 s).
      const clean = await print(raw, algorithm)
      let best = 0
      let bestBer = 1
      for (let d = 0; d < 120; d++) {
        const b = ber(clean, ref, d)
        if (b < bestBer) {
          bestBer = b
          best = d
        }
      }
      bers.push(ber(q, ref, best))
      for (let i = 0; i < q.length; i++) {
        const j = i + best
        if (j >= ref.length) continue
        frames++
        if (q[i]! >>> 12 === ref[j]! >>> 12) keys20++
        if (q[i]! >>> 20 === ref[j]! >>> 20) keys12++
      }
      let low = 1
      for (let d = -q.length / 2; d < other.length; d++) low = Math.min(low, ber(q, other, Math.floor(d)))
      nulls.push(low)
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    console.log(
      `algorithm ${algorithm} ${transform.padEnd(12)} BER at the true offset mean ${f(mean(bers))} max ${f(Math.max(...bers))} | unrelated track's lowest over offsets mean ${f(mean(nulls))} min ${f(Math.min(...nulls))} | frames keeping key20 ${f(keys20 / frames)} key12 ${f(keys12 / frames)}`,
    )
  }
}
rmSync(dir, { recursive: true, force: true })
