import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CamelCasePlugin, Kysely, sql } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import {
  audioFingerprint,
  audioLandmarks,
  audioVariants,
  type Fingerprints,
  queryLandmarks,
  videoFingerprint,
} from '../../src/copyright/fingerprint.ts'
import { REFERENCE } from '../../src/copyright/landmarks.ts'
import {
  audioEntries,
  findMatches,
  indexReference,
  type Match,
  matchLandmarks,
  storedColumns,
} from '../../src/copyright/matcher.ts'
import { migrate } from '../../src/platform/db/migrate.ts'
import type { DB } from '../../src/platform/db/schema.ts'
import { newId } from '../../src/platform/ids.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { ffmpeg, makeWork } from '../../test/copyright/synth.ts'
import { createTestDatabase } from '../../test/support/services.ts'
import { AUDIO_TRANSFORMS, makeSpeech, RATE, speedOf, synth, VIDEO_TRANSFORMS, writeWav } from './corpus.ts'

/**
 * Quality and speed of copyright matching (bench/copyright): references indexed in a real
 * PostgreSQL, queries made of an unrelated lead-in (5 s) then an excerpt of 10-60 s of a reference
 * put through a transformation, fingerprinted by the product's code (ffmpeg) and matched with
 * `findMatches`. Prints recall and precision per transformation, false positives among negatives,
 * boundary errors, time per query, and query time from 100 references up to FILL_TO, against a
 * linear scan of every stored fingerprint (the baseline without the inverted index) in the same run.
 */
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const REFS = env('REFS', 1000)
const REF_SECONDS = env('REF_SECONDS', 90)
const FILL_TO = env('FILL_TO', 10_000)
const QUERIES = env('QUERIES', 12)
const NEGATIVES = env('NEGATIVES', 200)
const VIDEO_REFS = env('VIDEO_REFS', 24)
const VIDEO_QUERIES = env('VIDEO_QUERIES', 6)
const TIME_QUERIES = env('TIME_QUERIES', 8)
/** Audio transformations measured (comma-separated names of AUDIO_TRANSFORMS; default all). */
const TRANSFORMS = process.env.TRANSFORMS?.split(',') ?? Object.keys(AUDIO_TRANSFORMS)
/**
 * VACUUM=1 (default): the index tables are vacuumed once loaded, as autovacuum would have done in
 * production (this machine's test server runs without it): the landmark lookups are index-only
 * scans then; 0 measures an index never vacuumed (every posting read from its heap page).
 */
const VACUUM = env('VACUUM', 1)
const LEAD_IN = 5
/** Audio excerpts' lengths, seconds: `SECONDS=10-12` (default 10-60). */
const [SHORTEST, LONGEST] = (process.env.SECONDS ?? '10-60').split('-').map(Number) as [number, number]
const excerptSeconds = () => SHORTEST + Math.floor(rnd() * (LONGEST - SHORTEST + 1))

const dir = mkdtempSync(join(tmpdir(), 'sf-bench-copyright-'))
const database = await createTestDatabase('bench_copyright')
const pg = postgres(database.url, { max: 4, onnotice: () => {} })
await migrate(pg, createLogger({ level: 'silent', nodeId: 'bench' }))
const db = new Kysely<DB>({
  dialect: new PostgresJSDialect({ postgres: pg }),
  plugins: [new CamelCasePlugin()],
})
const holder = newId()
await db.insertInto('users').values({ id: holder, username: 'holder', email: 'h@example.com' }).execute()

let seedOfRef = new Map<string, number>()
const refOfSeed = new Map<number, string>()

async function addReference(fp: Fingerprints, kind: 'audio' | 'video'): Promise<string> {
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('copyrightReferences')
      .values({
        id,
        holderId: holder,
        title: id,
        kind,
        policies: JSON.stringify({ '*': 'block' }),
        status: 'active',
        ...storedColumns(fp),
      })
      .execute()
    await indexReference(trx, id, fp)
  })
  return id
}

async function pool<T>(items: T[], workers: number, fn: (item: T) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) await fn(items[next++]!)
    }),
  )
}

const none = new BigInt64Array(0)
/**
 * A query's fingerprints as the match job makes them: the audio, at ±2% speed, its landmarks and
 * dense constellation.
 */
async function queryPrint(path: string): Promise<Fingerprints> {
  return {
    audio: await audioFingerprint(path),
    video: none,
    audioVariants: await audioVariants(path),
    ...(await queryLandmarks(path)),
    // EXTENT=0: without the constellation (the landmarks' voted spans alone, the baseline).
    ...(process.env.EXTENT === '0' ? { peaks: undefined } : {}),
  }
}
/** The same without landmarks: what Chromaprint alone finds (the baseline for the landmarks). */
const chromaprintOnly = (fp: Fingerprints): Fingerprints => ({
  ...fp,
  landmarks: undefined,
  peaks: undefined,
})
async function addAudioRefs(from: number, to: number) {
  const seeds = Array.from({ length: to - from }, (_, i) => from + i)
  await pool(seeds, 2, async (seed) => {
    const path = join(dir, `ref-${seed}.wav`)
    await writeWav(path, synth(seed, REF_SECONDS))
    const audio = await audioFingerprint(path)
    const landmarks = await audioLandmarks(path, REFERENCE)
    rmSync(path)
    const id = await addReference({ audio, video: none, landmarks }, 'audio')
    seedOfRef.set(id, seed)
    refOfSeed.set(seed, id)
  })
}

/** The lead-in (another melody), then `seconds` of `seed` from `start`, through `transform`. */
async function audioQuery(seed: number, start: number, seconds: number, transform: string, speech: string) {
  const lead = synth(900_000 + seed, LEAD_IN)
  const body = synth(seed, start + seconds).subarray(Math.floor(start * RATE))
  const pcm = new Int16Array(lead.length + body.length)
  pcm.set(lead)
  pcm.set(body, lead.length)
  const raw = join(dir, `q-${seed}-${transform}.wav`)
  await writeWav(raw, pcm)
  const out = join(dir, `q-${seed}-${transform}-t.${transform.startsWith('mp3') ? 'mp3' : 'wav'}`)
  if (transform === 'plain') return { path: raw, cleanup: [raw] }
  await ffmpeg([...AUDIO_TRANSFORMS[transform]!(raw, speech), out])
  return { path: out, cleanup: [raw, out] }
}

const rnd = (() => {
  let s = 12345
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    return s / 4294967296
  }
})()

interface Outcome {
  found: boolean
  /** Found by Chromaprint alone (audio queries; absent for video). */
  chromaprint?: boolean
  /** Found without the upload's constellation (the landmarks' voted spans alone; audio queries). */
  voted?: boolean
  wrong: number
  boundary: number
  ms: number
}

function judge(
  matches: Match[],
  expected: string,
  truth: { v0: number; v1: number; r0: number; r1: number },
) {
  const hit = matches.find((m) => m.referenceId === expected)
  const wrong = matches.filter((m) => m.referenceId !== expected).length
  let boundary = Number.NaN
  if (hit) {
    const s = hit.segments.reduce((a, b) => (b.videoEnd - b.videoStart > a.videoEnd - a.videoStart ? b : a))
    boundary = Math.max(
      Math.abs(s.videoStart - truth.v0),
      Math.abs(s.videoEnd - truth.v1),
      Math.abs(s.referenceStart - truth.r0),
      Math.abs(s.referenceEnd - truth.r1),
    )
    if (boundary > 2 && process.env.SHOW_BOUNDS)
      console.log(
        `    boundary off by ${boundary.toFixed(1)} s: ${hit.segments.map((x) => `${x.kind} [${x.videoStart.toFixed(1)}-${x.videoEnd.toFixed(1)}] -> [${x.referenceStart.toFixed(1)}-${x.referenceEnd.toFixed(1)}]`).join(' ')}; truth [${truth.v0.toFixed(1)}-${truth.v1.toFixed(1)}] -> [${truth.r0}-${truth.r1}]`,
      )
  }
  return { found: !!hit, wrong, boundary }
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now()
  const r = await fn()
  return [r, performance.now() - t]
}

const pct = (xs: number[], p: number) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : Number.NaN
}
const f = (x: number, d = 2) => (Number.isNaN(x) ? '-' : x.toFixed(d))

function summarize(name: string, outcomes: Outcome[]) {
  const found = outcomes.filter((o) => o.found).length
  const wrong = outcomes.reduce((a, o) => a + o.wrong, 0)
  const bounds = outcomes.map((o) => o.boundary)
  const alone = outcomes.filter((o) => o.chromaprint).length
  const voted = outcomes.filter((o) => o.voted).length
  const baseline = outcomes.some((o) => o.chromaprint !== undefined)
    ? ` (Chromaprint alone ${alone}/${outcomes.length}, voted spans alone ${voted}/${outcomes.length})`
    : ''
  console.log(
    `  ${name.padEnd(14)} recall ${f(found / outcomes.length)} (${found}/${outcomes.length})${baseline}  precision ${f(found / Math.max(1, found + wrong))}  boundary err p50 ${f(pct(bounds, 0.5))} s, max ${f(pct(bounds, 1))} s  query p50 ${f(
      pct(
        outcomes.map((o) => o.ms),
        0.5,
      ),
      0,
    )} ms`,
  )
}

/** The baseline: votes over every stored fingerprint in memory, no index (a linear scan). */
async function linearScanMs(fp: Int32Array): Promise<number> {
  const refs = await db
    .selectFrom('copyrightReferences')
    .select(['id', 'audioFp'])
    .where('audioFp', 'is not', null)
    .execute()
  const q = audioEntries(fp)
  const at = new Map<number, number[]>()
  q.keys.forEach((k, i) => {
    const list = at.get(k) ?? []
    list.push(q.pos[i]!)
    at.set(k, list)
  })
  const t = performance.now()
  let best = 0
  for (const r of refs) {
    const votes = new Map<number, number>()
    const a = r.audioFp!
    for (let j = 0; j < a.length; j++) {
      const ps = at.get(a[j]! >>> 12)
      if (!ps) continue
      for (const p of ps) {
        const o = (j - p) >> 2
        const v = (votes.get(o) ?? 0) + 1
        votes.set(o, v)
        if (v > best) best = v
      }
    }
  }
  return performance.now() - t
}

async function vacuum() {
  if (VACUUM) await sql`vacuum analyze copyright_audio_index, copyright_landmark_index`.execute(db)
}

async function timeCurve(label: number, speech: string) {
  await vacuum()
  const times: number[] = []
  const voted: number[] = []
  const base: number[] = []
  for (let i = 0; i < TIME_QUERIES; i++) {
    const seed = Math.floor(rnd() * Math.min(REFS, refOfSeed.size))
    const q = await audioQuery(seed, 10, 55, 'mp3_32k', speech)
    const fp = await queryPrint(q.path)
    for (const c of q.cleanup) rmSync(c, { force: true })
    // The same query without its constellation (the landmarks' voted spans alone), in turns.
    const alone = { ...fp, peaks: undefined }
    const order = i % 2 ? [fp, alone] : [alone, fp]
    for (const q of order) {
      const [, ms] = await timed(() => findMatches(db, q))
      ;(q === fp ? times : voted).push(ms)
    }
    base.push(await linearScanMs(fp.audio))
  }
  const rows = await db
    .selectFrom('copyrightAudioIndex')
    .select(db.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const landmarkRows = await db
    .selectFrom('copyrightLandmarkIndex')
    .select(db.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  console.log(
    `  ${String(label).padStart(6)} refs (${Number(rows.n).toLocaleString()} Chromaprint, ${Number(landmarkRows.n).toLocaleString()} landmark index rows): 60 s query p50 ${f(pct(times, 0.5), 0)} ms, max ${f(pct(times, 1), 0)} ms (without the extent check ${f(pct(voted, 0.5), 0)} ms: ratio ${f(pct(times, 0.5) / pct(voted, 0.5))}) | linear scan p50 ${f(pct(base, 0.5), 0)} ms | ratio ${f(pct(times, 0.5) / pct(base, 0.5))}`,
  )
}

const started = performance.now()
const speech = await makeSpeech(dir)
console.log(
  `bench/copyright: REFS=${REFS} × ${REF_SECONDS} s, FILL_TO=${FILL_TO}, QUERIES=${QUERIES} per transformation, NEGATIVES=${NEGATIVES}, VIDEO_REFS=${VIDEO_REFS}`,
)
console.log('query time as the library grows (55 s excerpt after a 5 s lead-in, mp3 32k):')
await addAudioRefs(0, Math.min(100, REFS))
await timeCurve(Math.min(100, REFS), speech)
if (REFS > 100) {
  await addAudioRefs(100, REFS)
  await timeCurve(REFS, speech)
}
console.log(`  (corpus of ${REFS} fingerprinted in ${((performance.now() - started) / 1000).toFixed(0)} s)`)

console.log(`audio at ${REFS} references (excerpts of 10-60 s after a ${LEAD_IN} s lead-in):`)
const audioOutcomes = async () => {
  for (const name of TRANSFORMS) {
    const outcomes: Outcome[] = []
    for (let i = 0; i < QUERIES; i++) {
      const seed = Math.floor(rnd() * REFS)
      const seconds = excerptSeconds()
      const start = Math.floor(rnd() * (REF_SECONDS - seconds))
      const q = await audioQuery(seed, start, seconds, name, speech)
      const fp = await queryPrint(q.path)
      for (const c of q.cleanup) rmSync(c, { force: true })
      const speed = speedOf(name)
      const [matches, ms] = await timed(() => findMatches(db, fp))
      const truth = {
        v0: LEAD_IN / speed,
        v1: (LEAD_IN + seconds) / speed,
        r0: start,
        r1: start + seconds,
      }
      const alone = (await findMatches(db, chromaprintOnly(fp))).some(
        (m) => m.referenceId === refOfSeed.get(seed),
      )
      const voted = (await findMatches(db, { ...fp, peaks: undefined })).some(
        (m) => m.referenceId === refOfSeed.get(seed),
      )
      outcomes.push({ ...judge(matches, refOfSeed.get(seed)!, truth), chromaprint: alone, voted, ms })
    }
    summarize(name, outcomes)
  }
}
await audioOutcomes()

let falsePositives = 0
let speechFalse = 0
/** False positives without the upload's constellation (the landmarks' voted spans alone). */
let votedFalse = 0
const negTimes: number[] = []
await pool(
  Array.from({ length: NEGATIVES }, (_, i) => i),
  2,
  async (i) => {
    // Every other one under the speech (what the landmarks are for, and a voice's own peaks).
    const raw = join(dir, `neg-${i}.wav`)
    await writeWav(raw, synth(2_000_000 + i, 30))
    const path = i % 2 ? join(dir, `neg-${i}-s.wav`) : raw
    if (i % 2) await ffmpeg([...AUDIO_TRANSFORMS.under_speech!(raw, speech), path])
    const fp = await queryPrint(path)
    rmSync(raw)
    rmSync(path, { force: true })
    const [matches, ms] = await timed(() => findMatches(db, fp))
    negTimes.push(ms)
    if ((await findMatches(db, { ...fp, peaks: undefined })).length) votedFalse++
    if (matches.length) {
      falsePositives++
      if (i % 2) speechFalse++
      if (process.env.SHOW_FALSE) {
        // Which matcher made it: the landmarks' own segments, else Chromaprint's.
        const byLandmarks = fp.landmarks ? await matchLandmarks(db, fp.landmarks) : new Map()
        for (const m of matches)
          console.log(
            `    false: negative ${i}${i % 2 ? ' (under speech)' : ''} matched reference ${seedOfRef.get(m.referenceId)} by ${byLandmarks.has(m.referenceId) ? 'landmarks' : 'Chromaprint'}: ${m.segments.map((x) => `[${x.videoStart.toFixed(1)}-${x.videoEnd.toFixed(1)}] -> [${x.referenceStart.toFixed(1)}-${x.referenceEnd.toFixed(1)}] confidence ${x.confidence.toFixed(2)}`).join(' ')}`,
          )
      }
    }
  },
)
console.log(
  `  negatives: ${falsePositives} false positives in ${NEGATIVES} unrelated 30 s tracks, half of them under speech (${speechFalse} of those) (${f((falsePositives * 1000) / NEGATIVES, 1)} per 1,000; voted spans alone: ${votedFalse}); query p50 ${f(pct(negTimes, 0.5), 0)} ms`,
)

if (FILL_TO > REFS) {
  // Load for the index only: real fingerprints of the corpus, each XORed with a random 32-bit mask
  // (the bits' statistics kept, the keys moved), as references of their own.
  console.log(
    `filling the library to ${FILL_TO} (corpus fingerprints XOR a random mask, for index load only)...`,
  )
  const base = await db
    .selectFrom('copyrightReferences')
    .select(['id', 'audioFp'])
    .where('audioFp', 'is not', null)
    .execute()
  const landmarksOf = new Map<string, { hashes: number[]; times: number[] }>()
  for (const r of await db
    .selectFrom('copyrightLandmarkIndex')
    .select(['referenceId', 'hash', 't'])
    .execute()) {
    const l = landmarksOf.get(r.referenceId) ?? { hashes: [], times: [] }
    landmarksOf.set(r.referenceId, l)
    l.hashes.push(r.hash)
    l.times.push(r.t)
  }
  const checkpoints = [3000, FILL_TO].filter((c) => c > REFS && c <= FILL_TO)
  let count = REFS
  for (const checkpoint of checkpoints) {
    while (count < checkpoint) {
      const src = base[count % base.length]!
      const mask = (rnd() * 0xffffffff) | 0
      const l = landmarksOf.get(src.id) ?? { hashes: [], times: [] }
      await addReference(
        {
          audio: Int32Array.from(src.audioFp!, (v) => v ^ mask),
          video: none,
          // The landmark hashes moved by the mask in their 12 low bits (df, dt), their f1 kept: the
          // index load keeps the skew of real frequencies.
          landmarks: {
            hashes: Int32Array.from(l.hashes, (h) => h ^ (mask & 0xfff)),
            times: Int32Array.from(l.times),
          },
        },
        'audio',
      )
      count++
    }
    await timeCurve(count, speech)
  }
  console.log(`recall at ${FILL_TO} references (plain, speed_2pct and under_speech, ${QUERIES} each):`)
  for (const name of ['plain', 'speed_2pct', 'under_speech']) {
    const outcomes: Outcome[] = []
    for (let i = 0; i < QUERIES; i++) {
      const seed = Math.floor(rnd() * REFS)
      const seconds = excerptSeconds()
      const start = Math.floor(rnd() * (REF_SECONDS - seconds))
      const q = await audioQuery(seed, start, seconds, name, speech)
      const fp = await queryPrint(q.path)
      for (const c of q.cleanup) rmSync(c, { force: true })
      const speed = speedOf(name)
      const [matches, ms] = await timed(() => findMatches(db, fp))
      const alone = (await findMatches(db, chromaprintOnly(fp))).some(
        (m) => m.referenceId === refOfSeed.get(seed),
      )
      outcomes.push({
        chromaprint: alone,
        ...judge(matches, refOfSeed.get(seed)!, {
          v0: LEAD_IN / speed,
          v1: (LEAD_IN + seconds) / speed,
          r0: start,
          r1: start + seconds,
        }),
        ms,
      })
    }
    summarize(name, outcomes)
  }
}

if (VIDEO_REFS > 0) {
  console.log(
    `video: ${VIDEO_REFS} references of 30 s (mandelbrot, life, cellauto, sierpinski, gradients varied by seed), excerpts of 10-20 s:`,
  )
  const videoRef = new Map<number, string>()
  await pool(
    Array.from({ length: VIDEO_REFS }, (_, i) => i),
    2,
    async (i) => {
      const seed = 5000 + i
      const path = join(dir, `vref-${seed}.mp4`)
      await makeWork(path, seed, 30)
      const video = await videoFingerprint(path)
      videoRef.set(seed, await addReference({ audio: new Int32Array(0), ...video }, 'video'))
    },
  )
  for (const [name, args] of Object.entries(VIDEO_TRANSFORMS)) {
    const outcomes: Outcome[] = []
    for (let i = 0; i < VIDEO_QUERIES; i++) {
      const seed = 5000 + Math.floor(rnd() * VIDEO_REFS)
      const seconds = 10 + Math.floor(rnd() * 11)
      const start = Math.floor(rnd() * (30 - seconds))
      const out = join(dir, `vq-${seed}-${name}.mp4`)
      await ffmpeg([
        '-ss',
        String(start),
        '-t',
        String(seconds),
        '-i',
        join(dir, `vref-${seed}.mp4`),
        '-an',
        ...args,
        out,
      ])
      const video = await videoFingerprint(out)
      rmSync(out, { force: true })
      const [matches, ms] = await timed(() => findMatches(db, { audio: new Int32Array(0), ...video }))
      outcomes.push({
        ...judge(matches, videoRef.get(seed)!, { v0: 0, v1: seconds, r0: start, r1: start + seconds }),
        ms,
      })
    }
    summarize(name, outcomes)
  }
  let videoFalse = 0
  const VNEG = Math.max(4, Math.floor(VIDEO_REFS / 2))
  for (let i = 0; i < VNEG; i++) {
    const path = join(dir, `vneg-${i}.mp4`)
    await makeWork(path, 7000 + i, 15)
    const video = await videoFingerprint(path)
    const matches = await findMatches(db, { audio: new Int32Array(0), ...video })
    if (matches.length) videoFalse++
  }
  console.log(`  negatives: ${videoFalse} false positives in ${VNEG} unrelated 15 s videos`)
}

console.log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`)
await db.destroy()
await database.drop()
rmSync(dir, { recursive: true, force: true })
seedOfRef = new Map()
