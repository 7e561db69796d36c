import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CamelCasePlugin, Kysely } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import { pickSegments, type Segment } from '../../src/copyright/align.ts'
import { audioVariants, fingerprint } from '../../src/copyright/fingerprint.ts'
import { MAX_DT } from '../../src/copyright/landmarks.ts'
import { findMatches, indexReference, matchLandmarks, storedColumns } from '../../src/copyright/matcher.ts'
import { hamming64 } from '../../src/copyright/phash.ts'
import type { DB } from '../../src/platform/db/schema.ts'
import { newId } from '../../src/platform/ids.ts'
import { createTestDatabase } from '../support/services.ts'
import { ffmpeg, makeWork, melody, picture } from './synth.ts'

/**
 * The matcher on its own, against a real PostgreSQL index: transformed excerpts are found with
 * their segment boundaries on both timelines; unrelated media are not.
 */
const dir = mkdtempSync(join(tmpdir(), 'sf-copyright-matcher-'))
let database: Awaited<ReturnType<typeof createTestDatabase>>
let pg: postgres.Sql
let db: Kysely<DB>
const refs: Record<string, string> = {}
/** The references' whole-frame hashes, by seed. */
const videoFps: Record<number, BigInt64Array> = {}
/** The reference the cropped and logo copies are made of (its logo copy is missed by whole frames alone). */
const COPIED = 41

beforeAll(async () => {
  // A copy of the migrated template (the migrations are not the subject here), made while the
  // references' media are synthesised and fingerprinted, all three at once. (Seed 43's picture is
  // a Sierpinski carpet: seed 40's Mandelbrot zoom took 24 s of CPU to draw, half the file's.)
  const made = Promise.all(
    [41, 42, 43].map(async (seed) => {
      const path = join(dir, `ref-${seed}.mp4`)
      await makeWork(path, seed, 45)
      return [seed, await fingerprint(path, 'both', undefined, 'reference')] as const
    }),
  )
  const [created, fps] = await Promise.all([
    createTestDatabase('copyright_matcher', { migrated: true }),
    made,
  ])
  database = created
  pg = postgres(database.url, { max: 2, onnotice: () => {} })
  db = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: pg }), plugins: [new CamelCasePlugin()] })
  const holder = newId()
  await db.insertInto('users').values({ id: holder, username: 'h', email: 'h@example.com' }).execute()
  for (const [seed, fp] of fps) {
    videoFps[seed] = fp.video
    refs[seed] = await storeReference(holder, `seed ${seed}`, 'both', fp)
  }
}, 400_000)
/** Stores a reference of `holder` with fingerprints `fp` and indexes it (what fingerprinting does). */
async function storeReference(
  holder: string,
  title: string,
  kind: 'audio' | 'both',
  fp: Parameters<typeof storedColumns>[0],
  id = newId(),
): Promise<string> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('copyrightReferences')
      .values({
        id,
        holderId: holder,
        title,
        kind,
        policies: JSON.stringify({ '*': 'track' }),
        status: 'active',
        ...storedColumns(fp),
      })
      .execute()
    await indexReference(trx, id, fp)
  })
  return id
}

afterAll(async () => {
  await db?.destroy()
  await database?.drop()
  rmSync(dir, { recursive: true, force: true })
})

// The tests are independent (each makes its own query and only reads the index, but for the
// hand-made reference no real query can meet): they run at once, overlapping their ffmpeg runs.
describe.concurrent('matching', () => {
  test('an excerpt played 2% fast under noise, letterboxed and cropped, is found with its boundaries', async () => {
    // 8 s of another work, then 20 s of seed 41 from 12 s: audio 2% fast with pink noise and
    // low bitrate, picture cropped 5%, scaled into a letterbox, brightened.
    const out = join(dir, 'query.mp4')
    await ffmpeg([
      ...['-f', 'lavfi', '-i', `${picture(77)},trim=duration=8`],
      ...['-f', 'lavfi', '-i', `${melody(77)},atrim=duration=8`],
      ...['-ss', '12', '-t', '20', '-i', join(dir, 'ref-41.mp4')],
      '-filter_complex',
      [
        '[0:v]scale=320:180,setsar=1,fps=25,pad=320:240:0:30[v0]',
        '[2:v]crop=iw*0.95:ih*0.95,scale=320:180,setsar=1,fps=25,eq=brightness=0.1,pad=320:240:0:30[v1]',
        '[1:a]aresample=44100[a0]',
        '[2:a]aresample=44100,asetrate=44100*1.02,aresample=44100[a1s]',
        'anoisesrc=a=0.05:c=pink:r=44100:d=30[n]',
        '[a1s][n]amix=inputs=2:duration=first:normalize=0[a1]',
        '[v0][a0][v1][a1]concat=n=2:v=1:a=1[v][a]',
      ].join(';'),
      ...['-map', '[v]', '-map', '[a]', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '32'],
      ...['-c:a', 'libmp3lame', '-b:a', '48k', out],
    ])
    const fp = await fingerprint(out, 'both')
    fp.audioVariants = await audioVariants(out)
    const matches = await findMatches(db, fp)
    expect(matches.map((m) => m.referenceId)).toEqual([refs[41]!])
    const segments = matches[0]!.segments
    const audio = segments.find((s) => s.kind === 'audio')!
    const video = segments.find((s) => s.kind === 'video')!
    // Audio 2% fast: 20 s of the reference last 19.6 s in the upload.
    expect(Math.abs(audio.videoStart - 8)).toBeLessThan(2)
    expect(Math.abs(audio.videoEnd - (8 + 20 / 1.02))).toBeLessThan(2)
    expect(Math.abs(audio.referenceStart - 12)).toBeLessThan(2)
    expect(Math.abs(audio.referenceEnd - 32)).toBeLessThan(2)
    expect(Math.abs(video.videoStart - 8)).toBeLessThan(2)
    expect(Math.abs(video.videoEnd - 28)).toBeLessThan(2)
    expect(Math.abs(video.referenceStart - 12)).toBeLessThan(2)
    expect(Math.abs(video.referenceEnd - 32)).toBeLessThan(2)
    for (const s of segments) expect(s.confidence).toBeGreaterThan(0.3)
  }, 180_000)

  // Pictures only (no sound to match): 20 s of a reference from 10 s, cropped by 10% or under a
  // logo in a corner, after 6 s of another picture.
  const copies = {
    'cropped by 10%': 'crop=iw*0.9:ih*0.9,scale=320:240',
    'under a corner logo':
      'drawbox=x=iw-90:y=10:w=80:h=40:color=white@0.8:t=fill,drawbox=x=iw-80:y=18:w=24:h=24:color=red:t=fill',
  }
  for (const [name, filter] of Object.entries(copies))
    test(`a copy ${name} is found by the centre of its frames, with its boundaries`, async () => {
      const out = join(dir, `copy-${name.split(' ')[0]}.mp4`)
      await ffmpeg([
        ...['-f', 'lavfi', '-i', `${picture(78)},trim=duration=6`],
        ...['-ss', '10', '-t', '20', '-i', join(dir, `ref-${COPIED}.mp4`)],
        '-filter_complex',
        `[0:v]scale=320:240,setsar=1,fps=25[v0];[1:v]${filter},setsar=1,fps=25[v1];[v0][v1]concat=n=2:v=1:a=0[v]`,
        ...['-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', out],
      ])
      const fp = await fingerprint(out, 'video')
      const matches = await findMatches(db, fp)
      expect(matches.map((m) => m.referenceId)).toEqual([refs[COPIED]!])
      const [video] = matches[0]!.segments
      expect(video!.kind).toBe('video')
      expect(Math.abs(video!.videoStart - 6)).toBeLessThan(2)
      expect(Math.abs(video!.videoEnd - 26)).toBeLessThan(2)
      expect(Math.abs(video!.referenceStart - 10)).toBeLessThan(2)
      expect(Math.abs(video!.referenceEnd - 30)).toBeLessThan(2)
    }, 180_000)

  // Talk over music: 6 s of another melody, then 20 s of seed 42's sound from 15 s, 6 dB under
  // a voice (flite) all along; Chromaprint's sub-fingerprints lose nearly every bit of it.
  const speech = join(dir, 'speech.wav')
  // Made once, for whichever of the two tests asks first.
  let spoken: Promise<void> | undefined
  const underSpeech = async (out: string, music: string[]) => {
    spoken ??= ffmpeg([
      ...[
        '-f',
        'lavfi',
        '-i',
        "flite=text='Good evening and welcome to the programme. Tonight we talk about the weather, the markets and a new bridge across the river.':voice=slt",
      ],
      ...['-ar', '22050', speech],
    ])
    await spoken
    await ffmpeg([
      ...music,
      ...['-stream_loop', '-1', '-i', speech],
      '-filter_complex',
      '[0:a]aresample=22050,volume=0.5[m];[1:a]volume=1.0[s];[m][s]amix=inputs=2:duration=first:normalize=0',
      ...['-c:a', 'libmp3lame', '-b:a', '64k', out],
    ])
  }

  test('an excerpt under speech louder than the music is found by its landmarks, with its boundaries', async () => {
    const out = join(dir, 'speech-query.mp3')
    await underSpeech(out, [
      '-f',
      'lavfi',
      '-i',
      `${melody(79)},atrim=duration=6[a0];amovie=${join(dir, 'ref-42.mp4')},atrim=start=15:duration=20,asetpts=PTS-STARTPTS,aresample=22050[a1];[a0][a1]concat=n=2:v=0:a=1`,
    ])
    const fp = await fingerprint(out, 'audio')
    expect(fp.landmarks?.hashes.length).toBeGreaterThan(0)
    const matches = await findMatches(db, fp)
    expect(matches.map((m) => m.referenceId)).toEqual([refs[42]!])
    const audio = matches[0]!.segments.find((s) => s.kind === 'audio')!
    expect(Math.abs(audio.videoStart - 6)).toBeLessThan(2)
    expect(Math.abs(audio.videoEnd - 26)).toBeLessThan(2)
    expect(Math.abs(audio.referenceStart - 15)).toBeLessThan(2)
    expect(Math.abs(audio.referenceEnd - 35)).toBeLessThan(2)
    expect(audio.confidence).toBeGreaterThan(0)
    // The landmarks find it on their own.
    expect([...(await matchLandmarks(db, fp.landmarks!)).keys()]).toEqual([refs[42]!])
  }, 180_000)

  test('an unrelated melody under the same speech matches nothing', async () => {
    const out = join(dir, 'speech-other.mp3')
    await underSpeech(out, ['-f', 'lavfi', '-i', `${melody(89)},atrim=duration=30`])
    const fp = await fingerprint(out, 'audio')
    expect(fp.landmarks?.hashes.length).toBeGreaterThan(0)
    expect(await findMatches(db, fp)).toEqual([])
  }, 180_000)

  // Hand-made landmarks (dt over MAX_DT: no real pair collides with them): a reference of 40
  // anchors, 8 frames apart, with 5 pairs each. Two queries give it 20 votes at one offset over
  // ~10 s: spread over 20 query times, as a copy's are, or piled on 4 times with 5 pairs each, as
  // a chance alignment of two melodies in the same key and tempo (a false positive in 1,000
  // unrelated tracks of bench:copyright) is.
  test('landmark votes from a few query times are chance; the same votes spread over time are a copy', async () => {
    const hash = (k: number, j: number) => ((40 + k) << 13) | ((10 + j) << 6) | (MAX_DT + 1 + j)
    const hashes: number[] = []
    const times: number[] = []
    for (let k = 0; k < 40; k++)
      for (let j = 0; j < 5; j++) {
        hashes.push(hash(k, j))
        times.push(100 + 8 * k)
      }
    const id = newId()
    const fp = {
      audio: new Int32Array(0),
      video: new BigInt64Array(0),
      landmarks: { hashes: Int32Array.from(hashes), times: Int32Array.from(times) },
    }
    const holder = await db.selectFrom('users').select('id').executeTakeFirstOrThrow()
    await storeReference(holder.id, 'hand-made landmarks', 'audio', fp, id)
    // The reference's anchor k at query frame 8k (offset 100 frames, 3.2 s).
    const query = (pairs: [k: number, j: number][]) => ({
      hashes: Int32Array.from(pairs, ([k, j]) => hash(k, j)),
      times: Int32Array.from(pairs, ([k]) => 8 * k),
    })
    const spread = query(Array.from({ length: 20 }, (_, i) => [2 * i, i % 5]))
    const piled = query([0, 13, 26, 39].flatMap((k) => [0, 1, 2, 3, 4].map((j): [number, number] => [k, j])))
    const found = await matchLandmarks(db, spread)
    expect([...found.keys()]).toEqual([id])
    expect(Math.abs(found.get(id)![0]!.referenceStart - found.get(id)![0]!.videoStart - 3.2)).toBeLessThan(
      0.2,
    )
    expect((await matchLandmarks(db, piled)).size).toBe(0)
  }, 180_000)

  // Hand-made again: a reference of 40 anchors 8 frames apart (~10 s), 2 pairs each. An upload
  // carries 12 of its pairs from 12 times in its middle (~3 s of votes: a copy whose ends a voice
  // masked) and, in its constellation, the reference's peaks over all of it: counted over its
  // whole extent (≥ the 10 s minimum), it is found; the same votes with the peaks of something
  // else, or with no constellation (the voted span alone), are not.
  test("a landmark match counts the extent over which the upload has the reference's peaks", async () => {
    const f1 = (k: number) => 80 + 3 * (k % 11)
    const hash = (k: number, j: number) => (f1(k) << 13) | ((64 + 1 + j) << 6) | (MAX_DT + 1 + j)
    const pairs: [number, number][] = []
    for (let k = 0; k < 40; k++) for (let j = 0; j < 2; j++) pairs.push([k, j])
    const id = newId()
    const fp = {
      audio: new Int32Array(0),
      video: new BigInt64Array(0),
      landmarks: {
        hashes: Int32Array.from(pairs, ([k, j]) => hash(k, j)),
        times: Int32Array.from(pairs, ([k]) => 100 + 8 * k),
      },
    }
    const holder = await db.selectFrom('users').select('id').executeTakeFirstOrThrow()
    await storeReference(holder.id, 'hand-made peaks', 'audio', fp, id)
    // Offset 100 frames: the reference's anchor k at upload frame 8k; votes from k = 14..25.
    const voted = Array.from({ length: 12 }, (_, i): [number, number] => [14 + i, i % 2])
    const landmarks = {
      hashes: Int32Array.from(voted, ([k, j]) => hash(k, j)),
      times: Int32Array.from(voted, ([k]) => 8 * k),
    }
    // The reference's peaks (both ends of its pairs) on the upload's timeline, shifted by `df` bins.
    const constellation = (df: number) => {
      const t: number[] = []
      const f: number[] = []
      for (let k = 0; k < 40; k++)
        for (const [dt, bin] of [
          [0, f1(k)],
          [MAX_DT + 1, f1(k) + 1],
          [MAX_DT + 2, f1(k) + 2],
        ] as const) {
          t.push(8 * k + dt)
          f.push(bin + df)
        }
      const order = t.map((_, i) => i).sort((a, b) => t[a]! - t[b]!)
      return { t: Int32Array.from(order, (i) => t[i]!), f: Int32Array.from(order, (i) => f[i]!) }
    }
    const found = await matchLandmarks(db, landmarks, constellation(0))
    expect([...found.keys()]).toEqual([id])
    const [segment] = found.get(id)!
    // The reference's peaks span upload frames 0 to 8·39 + MAX_DT + 2 (~11 s).
    expect(segment!.videoStart).toBeLessThan(1)
    expect(segment!.videoEnd).toBeGreaterThan(10)
    expect(Math.abs(segment!.referenceStart - segment!.videoStart - 3.2)).toBeLessThan(0.2)
    expect(segment!.confidence).toBeGreaterThan(0.9)
    expect((await matchLandmarks(db, landmarks, constellation(5))).size).toBe(0)
    expect((await matchLandmarks(db, landmarks)).size).toBe(0)
  }, 60_000)

  test('unrelated media match nothing', async () => {
    const path = join(dir, 'other.mp4')
    await makeWork(path, 88, 30)
    expect(await findMatches(db, await fingerprint(path, 'both'))).toEqual([])
  }, 180_000)

  test('flat frames hash to 0 (ignored); a frame and its re-encode are close', async () => {
    const path = join(dir, 'flat.mp4')
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'color=c=red:s=320x240:d=3',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      path,
    ])
    const flat = await fingerprint(path, 'video')
    expect([...flat.video].every((h) => h === 0n)).toBe(true)
    // The reference's whole-frame hashes as fingerprinted in beforeAll.
    const a = { video: videoFps[43]! }
    const small = join(dir, 'small.mp4')
    await ffmpeg([
      '-i',
      join(dir, 'ref-43.mp4'),
      '-vf',
      'scale=160:120',
      '-an',
      '-c:v',
      'libx264',
      '-crf',
      '35',
      small,
    ])
    const b = await fingerprint(small, 'video')
    const distances = [...a.video].slice(0, b.video.length).map((h, i) => hamming64(h, b.video[i]!))
    expect(distances.filter((d) => d <= 8).length / distances.length).toBeGreaterThan(0.9)
  }, 180_000)
})

describe('segments at several offsets', () => {
  const at = (videoStart: number, videoEnd: number, shift: number, confidence: number): Segment => ({
    videoStart,
    videoEnd,
    referenceStart: videoStart + shift,
    referenceEnd: videoEnd + shift,
    confidence,
  })
  // A reference whose picture repeats (bench/copyright/video-tune.ts: 3 of 45 found 7-16 s off):
  // its loop matches the upload's 0-13 s at reference 0.5 s as well as at the true 12 s, a little
  // less closely; listed first and starting first, it used to be the one kept.
  test('the best scoring offset keeps the part of the upload both cover; the other keeps what is left', () => {
    const repeat = at(0, 12, 0.5, 0.55)
    const truth = at(0.5, 13, 11.5, 0.62)
    const tail = at(14, 20, 0.5, 0.6)
    expect(pickSegments([repeat, truth, tail], 2)).toEqual([truth, tail])
    // Equal closeness: the longer alignment (continuity) wins.
    const long = at(1, 13, 11.5, 0.6)
    expect(pickSegments([at(0, 8, 0.5, 0.6), long], 2)).toEqual([long])
    // A part left over shorter than the minimum is dropped; at the same offset, segments merge.
    expect(pickSegments([at(0, 14.5, 0.5, 0.5), truth], 2)).toEqual([truth])
    expect(pickSegments([at(0, 5, 3, 0.5), at(4, 9, 3.2, 0.6)])).toEqual(
      [at(0, 9, 3, 0.6)].map((s) => ({ ...s, referenceEnd: 9 + 3.2 })),
    )
  })
})
