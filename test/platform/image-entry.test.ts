import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs'
import { basename, join } from 'node:path'
import sharp from 'sharp'
import { signupTokenIn, strongPassword, uniqueUsername } from '../support/accounts.ts'
import { composeFile, dockerfileStages, execForm, ROOT } from '../support/deploy-files.ts'
import { eventually } from '../support/eventually.ts'
import { makeClip, uploadBytes } from '../support/media.ts'
import { spawnNode } from '../support/process.ts'
import { createTestDatabase, NATS_URL, removeNatsPrefix, uniquePrefix } from '../support/services.ts'

/**
 * The image's commands as the container runs them, without a Docker engine: an unprivileged user
 * (nobody, standing in for the image's `bun`) in a copy of what the Dockerfile copies, which that
 * user cannot write, its data/ made by the Dockerfile's own step. Compose's `migrate` command
 * first, then the image's CMD: it must get ready, take an image and an upload (both written
 * under data/), and drain on SIGTERM. (Before, the upload store could not create data/ under a
 * root-owned /app and every role died right after "node started".)
 */

const UID = '65534'
const runtime = dockerfileStages().at(-1) ?? []
const compose = composeFile()

let tree: string
let app: string
let database: Awaited<ReturnType<typeof createTestDatabase>>
let prefix: string

/** `command` run as the unprivileged user, with `bun` on its PATH. */
const asUser = (command: string[]) => [
  'setpriv',
  `--reuid=${UID}`,
  `--regid=${UID}`,
  '--clear-groups',
  '--',
  ...command,
]

function env(): Record<string, string> {
  const imageEnv: Record<string, string> = {}
  for (const i of runtime.filter((i) => i.op === 'ENV')) {
    for (const [, key, value] of i.args.matchAll(/(\w+)=(\S+)/g)) imageEnv[key as string] = value as string
  }
  return {
    ...imageEnv,
    PATH: `${join(tree, 'bin')}:/usr/local/bin:/usr/bin:/bin`,
    // The bun user's home is not writable in a read-only container either.
    HOME: '/nonexistent',
    DATABASE_URL: database.url,
    NATS_URL,
    NATS_PREFIX: prefix,
    MIGRATE_ON_START: compose.services.api.environment.MIGRATE_ON_START,
    HOST: '127.0.0.1',
    PORT: '0',
    PASSWORD_MEMORY_KIB: '1024',
    PASSWORD_TIME_COST: '1',
  }
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('this test switches to an unprivileged user: run it as root')
  database = await createTestDatabase('image')
  prefix = uniquePrefix('image')
  tree = mkdtempSync('/tmp/sf-image-')
  chmodSync(tree, 0o755)
  // `bun` on the PATH, as in the image.
  mkdirSync(join(tree, 'bin'))
  symlinkSync(process.execPath, join(tree, 'bin', 'bun'))
  app = join(tree, 'app')
  mkdirSync(app)
  for (const copy of runtime.filter((i) => i.op === 'COPY')) {
    const words = copy.args.split(' ')
    if (words[0]?.startsWith('--from=')) {
      // The deps stage's node_modules: the repository's own (installed by root, read-only to others).
      symlinkSync(join(ROOT, 'node_modules'), join(app, basename(words.at(-1) as string)))
      continue
    }
    const target = words.at(-1) as string
    for (const source of words.slice(0, -1)) {
      const to = target.endsWith('/') ? join(app, target, basename(source)) : join(app, target)
      cpSync(join(ROOT, source), to, { recursive: true })
    }
  }
  // The Dockerfile's step that gives data/ to the image's user, for ours.
  const step = runtime.find((i) => i.op === 'RUN' && i.args.includes('chown -R bun:bun data'))
  if (!step) throw new Error('the Dockerfile makes no data/ for its user')
  const made = Bun.spawnSync(['sh', '-c', step.args.replaceAll('bun:bun', `${UID}:${UID}`)], { cwd: app })
  if (made.exitCode !== 0) throw new Error(made.stderr.toString())
})

afterAll(async () => {
  if (tree) rmSync(tree, { recursive: true, force: true })
  await removeNatsPrefix(prefix)
  await database?.drop()
})

describe('the image, as its unprivileged user in a read-only tree', () => {
  test('the user can write data/ and nothing else of the tree', () => {
    const touch = (path: string) => Bun.spawnSync(asUser(['touch', path])).exitCode
    expect(touch(join(app, 'written'))).not.toBe(0)
    expect(touch(join(app, 'src', 'written'))).not.toBe(0)
    expect(touch(join(app, 'data', 'written'))).toBe(0)
    rmSync(join(app, 'data', 'written'))
  })

  test("compose's migrate, then the image's CMD: ready, writes uploads and images under data/, drains", async () => {
    const migrate = Bun.spawn(asUser(compose.services.migrate.command), {
      cwd: app,
      env: env(),
      stdout: 'pipe',
      stderr: 'pipe',
    })
    expect(await migrate.exited, await new Response(migrate.stderr).text()).toBe(0)

    const cmd = execForm(runtime.findLast((i) => i.op === 'CMD')?.args ?? '')
    const node = spawnNode(env(), undefined, asUser(cmd), app)
    const url = await Promise.race([
      node.started,
      node.exited.then(async (code) => {
        throw new Error(`the node exited (${code}): ${await node.stderr()}`)
      }),
    ])
    await eventually(async () => (await fetch(`${url}/readyz`)).status === 200, 10_000)

    // An account, an image (data/storage) and a resumable upload (data/uploads).
    const username = uniqueUsername('img')
    const email = `${username}@example.test`
    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    expect((await post('/v1/auth/register', { username, email, password: strongPassword() })).status).toBe(
      202,
    )
    const confirmed = await post('/v1/auth/register/confirm', {
      token: await signupTokenIn(database.url, email),
    })
    expect(confirmed.status).toBe(201)
    const token = ((await confirmed.json()) as { accessToken: string }).accessToken
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer()
    const form = new FormData()
    form.append('file', new File([png], 'square.png', { type: 'image/png' }))
    const media = await fetch(`${url}/v1/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    })
    expect(media.status).toBe(201)
    const clip = await makeClip(join(tree, 'clip.mp4'), { seconds: 1, size: '160x120' })
    const uploadId = await uploadBytes(url, token, clip)

    const owned = (dir: string) =>
      readdirSync(join(app, dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => statSync(join(e.parentPath, e.name)).uid)
    expect(owned('data/storage').length).toBeGreaterThan(0)
    expect(owned('data/uploads').length).toBeGreaterThan(0)
    for (const uid of [...owned('data/storage'), ...owned('data/uploads')]) expect(uid).toBe(Number(UID))
    expect(readdirSync(join(app, 'data/uploads')).some((f) => f.startsWith(uploadId))).toBe(true)
    // The mail of the sign-up (no SMTP_URL): the worker role writes it under data/mail.
    await eventually(async () => owned('data/mail').length > 0, 10_000)
    expect((await fetch(`${url}/readyz`)).status).toBe(200)

    node.proc.kill('SIGTERM')
    expect(await node.exited).toBe(0)
    expect(node.lines.some((l) => l.msg === 'stopped' && l.clean === true)).toBe(true)
    await expect(fetch(`${url}/healthz`)).rejects.toThrow()
  }, 60_000)
})
