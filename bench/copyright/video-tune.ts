import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { CamelCasePlugin, Kysely, sql } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import type { Fingerprints } from '../../src/copyright/fingerprint.ts'
import {
  findMatches,
  indexReference,
  type Match,
  SETTINGS,
  storedColumns,
} from '../../src/copyright/matcher.ts'
import { migrate } from '../../src/platform/db/migrate.ts'
import type { DB } from '../../src/platform/db/schema.ts'
import { newId } from '../../src/platform/ids.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { createTestDatabase } from '../../test/support/services.ts'

/**
 * Video matching quality on the cached corpus of bench/copyright/video-corpus.ts (VCACHE): the
 * references indexed in a real PostgreSQL, every query and negative matched with `findMatches`;
 * recall per transformation, false positives, boundary errors. Seconds, not minutes: for tuning.
 */
const dir = process.env.VCACHE ?? '/tmp/sf-copyright-vcache'
interface Cached {
  seed?: number
  transform?: string
  start?: number
  seconds?: number
  negative?: boolean
  video: string[]
  videoZoom: string[]
  videoCentre: string[]
}
const load = async (f: string) => (await Bun.file(join(dir, f)).json()) as Cached
const prints = (c: Cached): Fingerprints => ({
  audio: new Int32Array(0),
  video: BigInt64Array.from(c.video, BigInt),
  videoZoom: BigInt64Array.from(c.videoZoom, BigInt),
  videoCentre: BigInt64Array.from(c.videoCentre, BigInt),
})

// Settings to try, over the product's: VT (bit error threshold), VMINVOTES.
if (process.env.VT) SETTINGS.video.align.threshold = Number(process.env.VT)
if (process.env.VMINVOTES) SETTINGS.video.minVotes = Number(process.env.VMINVOTES)
console.log(`video settings: ${JSON.stringify(SETTINGS.video)}`)
const database = await createTestDatabase('bench_copyright_video')
const pg = postgres(database.url, { max: 2, onnotice: () => {} })
await migrate(pg, createLogger({ level: 'silent', nodeId: 'bench' }))
const db = new Kysely<DB>({
  dialect: new PostgresJSDialect({ postgres: pg }),
  plugins: [new CamelCasePlugin()],
})
const holder = newId()
await db.insertInto('users').values({ id: holder, username: 'holder', email: 'h@example.com' }).execute()

const files = readdirSync(dir).filter((f) => f.endsWith('.json'))
const refOf = new Map<number, string>()
const seedOf = new Map<string, number>()
for (const f of files.filter((f) => f.startsWith('ref-'))) {
  const c = await load(f)
  const fp = prints(c)
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('copyrightReferences')
      .values({
        id,
        holderId: holder,
        title: f,
        kind: 'video',
        policies: JSON.stringify({ '*': 'block' }),
        status: 'active',
        ...storedColumns(fp),
      })
      .execute()
    await indexReference(trx, id, fp)
  })
  refOf.set(c.seed!, id)
  seedOf.set(id, c.seed!)
}

// FILL: more references for index load only (the corpus' fingerprints XOR a random mask per reference).
const FILL = Number(process.env.FILL ?? 0)
if (FILL > 0) {
  const base = await Promise.all(files.filter((f) => f.startsWith('ref-')).map(load))
  let seed = 99
  const rnd64 = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    const hi = BigInt(seed)
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return BigInt.asIntN(64, (hi << 32n) | BigInt(seed))
  }
  const t = performance.now()
  for (let i = 0; i < FILL; i++) {
    const c = base[i % base.length]!
    const mask = rnd64()
    const x = (h: string[]) => BigInt64Array.from(h, (v) => (v === '0' ? 0n : BigInt(v) ^ mask))
    const fp: Fingerprints = {
      audio: new Int32Array(0),
      video: x(c.video),
      videoZoom: x(c.videoZoom),
      videoCentre: x(c.videoCentre),
    }
    const id = newId()
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('copyrightReferences')
        .values({
          id,
          holderId: holder,
          title: `fill ${i}`,
          kind: 'video',
          policies: JSON.stringify({ '*': 'block' }),
          status: 'active',
          ...storedColumns(fp),
        })
        .execute()
      await indexReference(trx, id, fp)
    })
  }
  await sql`analyze copyright_video_index`.execute(db)
  console.log(`filled ${FILL} more references in ${((performance.now() - t) / 1000).toFixed(0)} s`)
}

const f2 = (x: number) => (Number.isNaN(x) ? '-' : x.toFixed(2))
const byTransform = new Map<
  string,
  { found: number; n: number; wrong: number; bounds: number[]; ms: number[] }
>()
const misses: string[] = []
const falses: string[] = []
for (const f of files.filter((f) => f.startsWith('q-')).sort()) {
  const c = await load(f)
  const t = performance.now()
  const matches: Match[] = await findMatches(db, prints(c))
  const ms = performance.now() - t
  const o = byTransform.get(c.transform!) ?? { found: 0, n: 0, wrong: 0, bounds: [], ms: [] }
  byTransform.set(c.transform!, o)
  o.n++
  o.ms.push(ms)
  const expected = refOf.get(c.seed!)
  const hit = matches.find((m) => m.referenceId === expected)
  const wrongs = matches.filter((m) => m.referenceId !== expected)
  o.wrong += wrongs.length
  for (const m of wrongs)
    for (const s of m.segments)
      falses.push(
        `${f} (seed ${c.seed}) wrong: ref ${seedOf.get(m.referenceId)} ${(s.videoEnd - s.videoStart).toFixed(1)} s conf ${s.confidence.toFixed(2)}`,
      )
  if (hit) {
    o.found++
    const s = hit.segments.reduce((a, b) => (b.videoEnd - b.videoStart > a.videoEnd - a.videoStart ? b : a))
    const err = Math.max(
      Math.abs(s.videoStart),
      Math.abs(s.videoEnd - c.seconds!),
      Math.abs(s.referenceStart - c.start!),
      Math.abs(s.referenceEnd - c.start! - c.seconds!),
    )
    if (err > 2)
      misses.push(
        `${f} boundary off by ${err} s: ${hit.segments.map((x) => `[${x.videoStart}-${x.videoEnd}] -> [${x.referenceStart}-${x.referenceEnd}]`).join(' ')}, truth [0-${c.seconds}] -> [${c.start}-${c.start! + c.seconds!}]`,
      )
    o.bounds.push(
      Math.max(
        Math.abs(s.videoStart),
        Math.abs(s.videoEnd - c.seconds!),
        Math.abs(s.referenceStart - c.start!),
        Math.abs(s.referenceEnd - c.start! - c.seconds!),
      ),
    )
  } else misses.push(`${f} (${c.seconds} s)`)
}
let found = 0
let total = 0
for (const [name, o] of byTransform) {
  found += o.found
  total += o.n
  const b = o.bounds.sort((x, y) => x - y)
  console.log(
    `  ${name.padEnd(12)} recall ${f2(o.found / o.n)} (${o.found}/${o.n})  wrong ${o.wrong}  boundary p50 ${f2(b[Math.floor(b.length / 2)] ?? Number.NaN)} max ${f2(b.at(-1) ?? Number.NaN)} s  query p50 ${o.ms.sort((x, y) => x - y)[Math.floor(o.ms.length / 2)]!.toFixed(0)} ms`,
  )
}
let falsePositives = 0
const negatives = files.filter((f) => f.startsWith('neg-'))
for (const f of negatives) {
  const matches = await findMatches(db, prints(await load(f)))
  if (matches.length) {
    falsePositives++
    for (const m of matches)
      for (const s of m.segments)
        falses.push(
          `${f}: ref ${seedOf.get(m.referenceId)} ${(s.videoEnd - s.videoStart).toFixed(1)} s conf ${s.confidence.toFixed(2)}`,
        )
  }
}
console.log(
  `  all          recall ${f2(found / total)} (${found}/${total}); negatives: ${falsePositives} false in ${negatives.length}`,
)
if (process.env.SHOW) console.log(`  missed: ${misses.join(', ')}\n  false:\n    ${falses.join('\n    ')}`)
await db.destroy()
await database.drop()
