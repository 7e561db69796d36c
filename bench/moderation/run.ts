/**
 * bench/moderation: what screening costs on this machine.
 *
 * 1. The local classifiers alone, in this process: images per second through nsfwjs on
 *    TensorFlow.js's WebAssembly backend (in its worker thread, as the screening job runs it),
 *    texts per second through the word list (obscenity) and the spam heuristics, each with the
 *    CPU time per item (process CPU: every thread).
 * 2. What screening costs a post's write: `POST /v1/posts` on a deployment with screening on (the
 *    administrators' terms: TERMS literal and a tenth as many regular expressions, policies on
 *    hate, sexual and harassment) against the same route on one with `MODERATION_SCREENING=false`,
 *    rounds alternating, in the same run. Each deployment is an api process and a worker process
 *    (own database and NATS prefix); both workers are paused (SIGSTOP) while a round runs, so the
 *    round measures the write path alone (the inline terms), and resumed after it until the
 *    screening deployment's jobs are done: that time gives the screening jobs per second of a
 *    worker on this machine, printed after.
 *
 *   npm run bench:moderation                      (needs wrk: apt-get install -y wrk)
 *   IMAGES=24 TEXTS=20000 ROUNDS=3 DURATION=5s CONNECTIONS=16 TERMS=200 npm run bench:moderation
 */
import postgres from 'postgres'
import sharp from 'sharp'
import type { TextContext } from '../../src/moderation/screener.ts'
import { NsfwClassifier } from '../../src/moderation/screening/nsfw.ts'
import { spamScreener } from '../../src/moderation/screening/spam.ts'
import { wordListScreener } from '../../src/moderation/screening/words.ts'
import { signupTokenIn } from '../../test/support/accounts.ts'
import { createTestDatabase, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import { compare, median, requireWrk, type Sample, type Server, serve, wrk } from '../support.ts'

const IMAGES = Number(process.env.IMAGES ?? 24)
const TEXTS = Number(process.env.TEXTS ?? 20_000)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const DURATION = process.env.DURATION ?? '5s'
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16)
const TERMS = Number(process.env.TERMS ?? 200)
/** Every FLAG_EVERYth post names a listed term (held by the policies: a case, an action, a notification); 0: none. */
const FLAG_EVERY = Number(process.env.FLAG_EVERY ?? 20)
process.env.FLAG_EVERY = String(FLAG_EVERY)
/** ONLY=posts or ONLY=classifiers runs one part. */
const ONLY = process.env.ONLY ?? ''

await requireWrk('bench/moderation')

const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** Pictures the bench draws: gradients with shapes and noise, some photo-sized. */
async function pictures(n: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = []
  for (let i = 0; i < n; i++) {
    const [w, h] = i % 3 === 0 ? [1280, 960] : [640, 480]
    const pixels = Buffer.alloc(w * h * 3)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const at = (y * w + x) * 3
        const disc = (x - w / 2) ** 2 + (y - h / 2) ** 2 < (h / 3) ** 2
        pixels[at] = disc ? 200 + ((x * i) % 40) : (x + i * 37) % 256
        pixels[at + 1] = disc ? 150 : (y * 3 + i * 11) % 256
        pixels[at + 2] = disc ? 130 : ((x ^ y) + i * 53) % 256
      }
    out.push(
      new Uint8Array(
        await sharp(pixels, { raw: { width: w, height: h, channels: 3 } })
          .jpeg({ quality: 85 })
          .toBuffer(),
      ),
    )
  }
  return out
}

const WORDS = 'the a stream video today great look new friends music game love city night run play'.split(' ')
function sentence(i: number): string {
  const words = Array.from({ length: 8 + (i % 20) }, (_, k) => WORDS[(i * 7 + k * 13) % WORDS.length])
  if (i % 10 === 0) words.push('you f.u.c.k.i.n.g idiot')
  if (i % 25 === 0) words.push('https://a.example/x https://b.example/y https://c.example/z')
  return words.join(' ')
}

async function classifiers() {
  const images = await pictures(IMAGES)
  const nsfw = new NsfwClassifier()
  try {
    let started = performance.now()
    await nsfw.screenImage(images[0]!)
    console.log(`nsfwjs model load and first image: ${(performance.now() - started).toFixed(0)} ms`)
    for (const image of images.slice(0, 3)) await nsfw.screenImage(image)
    const cpu0 = cpuMs()
    started = performance.now()
    for (const image of images) await nsfw.screenImage(image)
    const wall = (performance.now() - started) / 1000
    const cpu = cpuMs() - cpu0
    console.log(
      `images (nsfwjs MobileNetV2, tfjs wasm, one worker thread; JPEG 640x480 and 1280x960 decoded and scaled with sharp): ` +
        `${IMAGES} in ${wall.toFixed(2)} s = ${(IMAGES / wall).toFixed(1)} images/s, CPU ${(cpu / IMAGES).toFixed(1)} ms per image`,
    )
  } finally {
    await nsfw.stop()
  }
  const texts = Array.from({ length: TEXTS }, (_, i) => sentence(i))
  const words = wordListScreener()
  // Spam heuristics without the author's history (that is the database's, measured in part 2).
  const spam = spamScreener(undefined as never)
  const ctx: TextContext = {
    subject: { kind: 'message', id: crypto.randomUUID() },
    authorId: '',
    language: 'en',
  }
  for (const t of texts.slice(0, 500)) await words.screenText(t, ctx)
  const cpu0 = cpuMs()
  const started = performance.now()
  let labelled = 0
  for (const t of texts) {
    const found = [...(await words.screenText(t, ctx)), ...(await spam.screenText(t, ctx))]
    if (found.length) labelled++
  }
  const wall = (performance.now() - started) / 1000
  const cpu = cpuMs() - cpu0
  console.log(
    `texts (obscenity word list with its transformers + spam heuristics), ${TEXTS} of 8-30 words, ${labelled} labelled: ` +
      `${(TEXTS / wall).toFixed(0)} texts/s, CPU ${((cpu * 1000) / TEXTS).toFixed(1)} µs per text`,
  )
}

interface Node {
  server: Server
  worker: Server
  token: string
  database: Awaited<ReturnType<typeof createTestDatabase>>
  prefix: string
}

async function node(tag: string, screening: boolean): Promise<Node> {
  const database = await createTestDatabase(tag)
  const prefix = uniquePrefix(tag)
  const env = {
    DATABASE_URL: database.url,
    NATS_PREFIX: prefix,
    TRUST_PROXY: 'true',
    RATE_LIMITS: '*=off',
    MODERATION_SCREENING: String(screening),
    PASSWORD_MEMORY_KIB: '1024',
    PASSWORD_TIME_COST: '1',
  }
  const server = await serve('src/main.ts', { ...env, ROLES: 'api' })
  const worker = await serve('src/main.ts', { ...env, ROLES: 'worker' })
  const email = `${tag}@example.test`
  const password = `Bench-${crypto.randomUUID()}`
  await fetch(`${server.url}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: tag, email, password }),
  })
  const confirmed = await fetch(`${server.url}/v1/auth/register/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: await signupTokenIn(database.url, email) }),
  })
  const { accessToken } = (await confirmed.json()) as { accessToken: string }
  const sql = postgres(database.url, { max: 1, onnotice: () => {} })
  try {
    // An established account (not a new one writing in a burst), and the administrators' lists.
    await sql`update users set created_at = now() - interval '90 days'`
    for (let i = 0; i < TERMS; i++)
      await sql`insert into moderation_terms (id, pattern, is_regex, severity, label)
        values (${crypto.randomUUID()}, ${`badterm${i}`}, false, ${1 + (i % 3)}, ${['hate', 'harassment', 'spam'][i % 3]!})`
    for (let i = 0; i < Math.ceil(TERMS / 10); i++)
      await sql`insert into moderation_terms (id, pattern, is_regex, severity, label)
        values (${crypto.randomUUID()}, ${`bad(word|phrase)${i}+`}, true, 2, 'harassment')`
    await sql`insert into moderation_policies (label, min_score, outcome)
      values ('hate', 0.8, 'remove'), ('sexual', 0.5, 'sensitive'), ('harassment', 0.7, 'hold')`
  } finally {
    await sql.end()
  }
  return { server, worker, token: accessToken, database, prefix }
}

/** Posts written on the screening deployment, and its screening jobs done (one per post), over one connection. */
let watcher: ReturnType<typeof postgres> | undefined
async function progress(url: string): Promise<{ posts: number; screened: number }> {
  watcher ??= postgres(url, { max: 1 })
  const [row] = await watcher`select (select count(*)::int from posts) as posts,
    (select count(*)::int from jobs where kind = 'moderation.screen' and finished_at is not null) as screened`
  return { posts: row!.posts as number, screened: row!.screened as number }
}

if (ONLY !== 'posts') {
  console.log(`\n== 1. the local classifiers, in this process ==`)
  await classifiers()
}
if (ONLY === 'classifiers') process.exit(0)

const script = `${import.meta.dir}/post.lua`
const on = await node('bench_mod_on', true)
const off = await node('bench_mod_off', false)
const drains: { seconds: number; jobs: number }[] = []
const pause = (stop: boolean) => {
  for (const n of [on, off]) process.kill(n.worker.proc.pid, stop ? 'SIGSTOP' : 'SIGCONT')
}
/** Resumes the workers until the screening deployment's jobs are done; pauses them again. */
async function drain(): Promise<void> {
  const before = await progress(on.database.url)
  pause(false)
  const started = performance.now()
  for (let now = before; now.screened < now.posts; now = await progress(on.database.url)) {
    if (performance.now() - started > 300_000)
      throw new Error(`screening jobs not done: ${JSON.stringify(now)}`)
    await Bun.sleep(200)
  }
  drains.push({ seconds: (performance.now() - started) / 1000, jobs: before.posts - before.screened })
  // The baseline's worker catches up too (home timelines, search).
  await Bun.sleep(1000)
  pause(true)
}

try {
  console.log(`\n== 2. POST /v1/posts with screening on vs off ==`)
  const load = (n: Node) => ({
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { authorization: `Bearer ${n.token}`, 'content-type': 'application/json' },
    script,
  })
  const onRun = async (): Promise<Sample> => {
    const sample = await wrk(on.server, '/v1/posts', load(on))
    await drain()
    return sample
  }
  const offRun = async (): Promise<Sample> => {
    const sample = await wrk(off.server, '/v1/posts', load(off))
    await drain()
    return sample
  }
  pause(true)
  await wrk(on.server, '/v1/posts', { ...load(on), duration: '2s' })
  await wrk(off.server, '/v1/posts', { ...load(off), duration: '2s' })
  await drain()
  drains.length = 0
  await compare({
    title: `POST /v1/posts, ${CONNECTIONS} connections, rounds of ${DURATION}; on: ${TERMS} literal + ${Math.ceil(TERMS / 10)} regex terms, policies; ${FLAG_EVERY ? `every ${FLAG_EVERY}th post held by a term` : 'no post names a term'}`,
    rounds: ROUNDS,
    subject: { name: 'screening on', run: onRun },
    baseline: { name: 'screening off', run: offRun },
    aim: 0.9,
  })
  const rates = drains.filter((d) => d.jobs > 0).map((d) => d.jobs / d.seconds)
  console.log(
    `screening jobs of each round, run by the worker after it: ${drains
      .filter((d) => d.jobs > 0)
      .map((d) => `${d.jobs} in ${d.seconds.toFixed(1)} s`)
      .join(
        ', ',
      )}: median ${median(rates).toFixed(0)} jobs/s (one worker process, JOBS_CONCURRENCY default; from the post's event to the labels applied)`,
  )
  const sql = postgres(on.database.url, { max: 1 })
  const [done] =
    await sql`select count(*)::int as jobs, count(*) filter (where state = 'succeeded')::int as ok,
    extract(epoch from max(finished_at) - min(started_at))::float as span from jobs where kind = 'moderation.screen'`
  const [labels] = await sql`select count(*)::int as n from moderation_labels`
  await sql.end()
  console.log(
    `screening jobs: ${done!.jobs} (${done!.ok} succeeded), ${labels!.n} labels recorded (every ${FLAG_EVERY || '-'}th post names a listed term; the others' labels are the spam heuristics' and the word list's)`,
  )
} finally {
  await watcher?.end()
  for (const n of [on, off]) {
    process.kill(n.worker.proc.pid, 'SIGCONT')
    for (const p of [n.server.proc, n.worker.proc]) p.kill('SIGTERM')
    await Promise.all([n.server.proc.exited, n.worker.proc.exited])
    await removeNatsPrefix(n.prefix)
    await n.database.drop()
  }
}
