import { describe, expect, test } from 'bun:test'
import { existsSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { GATEWAY_PATH } from '../../src/gateway/gateway.ts'
import { SETTINGS } from '../../src/platform/config/settings.ts'
import { UPLOADS_PATH } from '../../src/videos/uploads.ts'
import {
  type Compose,
  composeFile,
  directives,
  dockerfileStages,
  execForm,
  nginxBytes,
  nginxConf,
  ROOT,
} from '../support/deploy-files.ts'

/**
 * deploy/ as an operator runs it, checked without a Docker engine: what the image is made of and
 * runs as, what compose starts in which order with which volumes, what nginx lets through.
 * (image-entry.test.ts runs the image's command as an unprivileged user in a read-only tree.)
 */

const defaultOf = (name: string) => {
  const setting = SETTINGS.find((s) => s.name === name)
  if (!setting) throw new Error(`no setting ${name}`)
  return setting.default
}
/** Settings naming a directory the process writes, relative to its working directory by default. */
const WRITTEN_DIRS = ['STORAGE_DIR', 'UPLOADS_DIR', 'VIDEO_WORK_DIR', 'MAIL_DIR']

const runtime = dockerfileStages().at(-1) ?? []
const workdir = runtime.findLast((i) => i.op === 'WORKDIR')?.args ?? ''
const user = runtime.findLast((i) => i.op === 'USER')?.args ?? ''
const compose: Compose = composeFile()
const NODE_SERVICES = ['api', 'gateway', 'worker']

describe('Dockerfile', () => {
  test('runs as an unprivileged user, `bun src/main.ts`, with a health check', () => {
    expect(user).toBe('bun')
    expect(runtime.some((i) => i.op === 'ENTRYPOINT')).toBe(false)
    expect(execForm(runtime.findLast((i) => i.op === 'CMD')?.args ?? '')).toEqual(['bun', 'src/main.ts'])
    const health = runtime.find((i) => i.op === 'HEALTHCHECK')?.args ?? ''
    expect(health).toContain('/healthz')
  })

  test('the code belongs to root; every directory the process writes is under data/, owned by its user', () => {
    expect(workdir).toBe('/app')
    const copies = runtime.filter((i) => i.op === 'COPY')
    expect(copies.length).toBeGreaterThan(0)
    for (const copy of copies) expect(copy.args).not.toContain('--chown')
    const lastCopy = runtime.lastIndexOf(copies.at(-1) as (typeof runtime)[number])
    const chown = runtime.findIndex((i) => i.op === 'RUN' && /chown -R bun:bun data\b/.test(i.args))
    expect(chown).toBeGreaterThan(lastCopy)
    const made = runtime[chown]?.args ?? ''
    for (const name of WRITTEN_DIRS) {
      const dir = defaultOf(name)
      expect(dir.startsWith('data/')).toBe(true)
      expect(made).toContain(dir)
    }
    // The user switch comes after the image's last root-owned step.
    expect(runtime.findLastIndex((i) => i.op === 'USER')).toBeGreaterThan(chown)
  })

  test('installs ffmpeg and ffprobe (Debian package) for the workers', () => {
    const install = runtime.find((i) => i.op === 'RUN' && i.args.includes('apt-get install'))
    expect(install?.args).toMatch(/apt-get install -y --no-install-recommends ffmpeg\b/)
    expect(install?.args).toContain('rm -rf /var/lib/apt/lists/*')
  })

  test('carries Node 20 for the gateway on uWebSockets.js (GATEWAY_RUNTIME=node-uws), from the Node image npm ran in', () => {
    const deps = dockerfileStages()[0] ?? []
    expect(deps.find((i) => i.op === 'FROM')?.args).toMatch(/^node:20-/)
    expect(
      runtime.some(
        (i) => i.op === 'COPY' && i.args === '--from=deps /usr/local/bin/node /usr/local/bin/node',
      ),
    ).toBe(true)
  })

  test('copies what the entry points need, none of it excluded by .dockerignore', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').filter(Boolean)
    const sources = runtime
      .filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(' ').slice(0, -1))
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'src', 'sql', 'actors']))
    for (const source of sources) {
      expect(existsSync(join(ROOT, source))).toBe(true)
      expect(ignored).not.toContain(source)
    }
  })
})

describe('compose.yaml', () => {
  const published = (compose.services.lb.ports as string[]).map((p) => p.split(':'))

  test('the nodes: the image, read-only but for data/, uploads and storage shared by every replica', () => {
    const uploads = posix.join(workdir, defaultOf('UPLOADS_DIR'))
    const storage = posix.join(workdir, defaultOf('STORAGE_DIR'))
    const mounts = new Map<string, Set<string>>()
    for (const name of NODE_SERVICES) {
      const service = compose.services[name]
      expect(service.build).toEqual({ context: '..', dockerfile: 'Dockerfile' })
      expect(service.user).toBeUndefined()
      expect(service.read_only).toBe(true)
      expect(service.tmpfs).toContain('/tmp')
      expect(service.init).toBe(true)
      const volumes = service.volumes as string[]
      // Its own data/ (an anonymous volume), and two named volumes every replica shares.
      expect(volumes).toContain(posix.join(workdir, 'data'))
      for (const volume of volumes) {
        const [source, target] = volume.split(':')
        if (target) mounts.set(target, new Set([...(mounts.get(target) ?? []), source as string]))
      }
    }
    expect([...(mounts.get(uploads) ?? [])]).toEqual(['uploads'])
    expect([...(mounts.get(storage) ?? [])]).toEqual(['storage'])
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['uploads', 'storage']))
  })

  test('a one-shot migrate service runs first; nodes wait for it, PostgreSQL and NATS, and migrate nothing', () => {
    const migrate = compose.services.migrate
    expect(migrate.build).toEqual(compose.services.api.build)
    expect(migrate.command).toEqual(['bun', 'src/cli/migrate.ts'])
    expect(existsSync(join(ROOT, migrate.command[1]))).toBe(true)
    expect(migrate.restart).toBe('no')
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } })
    for (const name of NODE_SERVICES) {
      const service = compose.services[name]
      expect(service.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        nats: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      })
      expect(service.environment.MIGRATE_ON_START).toBe('false')
      expect(service.environment.ROLES).toBe(name)
    }
  })

  test('PUBLIC_URL is where the load balancer is published', () => {
    expect(published).toEqual([['8080', '80']])
    for (const name of NODE_SERVICES) {
      const env = compose.services[name].environment
      const url = /^\$\{PUBLIC_URL:-(.+)\}$/.exec(env.PUBLIC_URL)?.[1] ?? env.PUBLIC_URL
      expect(new URL(url).port).toBe(published[0]?.[0] ?? 'published')
    }
    const listen = directives(
      directives(directives(nginxConf(), 'http')[0]?.block ?? [], 'server')[0]?.block ?? [],
      'listen',
    )
    expect(listen.map((d) => d.args[0])).toEqual([published[0]?.[1]])
  })

  test('PostgreSQL and NATS have health checks; NATS serves its monitoring port with JetStream on', () => {
    const { postgres, nats } = compose.services
    expect(postgres.healthcheck.test).toEqual(['CMD', 'pg_isready', '-U', 'socialflow', '-d', 'socialflow'])
    expect(nats.command).toEqual(expect.arrayContaining(['-js', '-m', '8222']))
    // The health check runs inside the container: an image with a shell and wget (not scratch).
    expect(nats.image).toMatch(/-alpine$/)
    expect(nats.healthcheck.test).toEqual([
      'CMD',
      'wget',
      '-q',
      '-O',
      '/dev/null',
      'http://127.0.0.1:8222/healthz',
    ])
  })

  test('the load balancer waits for healthy api and gateway nodes', () => {
    expect(compose.services.lb.depends_on).toEqual({
      api: { condition: 'service_healthy' },
      gateway: { condition: 'service_healthy' },
    })
    expect(compose.services.lb.volumes).toContain('./nginx.conf:/etc/nginx/nginx.conf:ro')
  })
})

describe('nginx.conf', () => {
  const http = directives(nginxConf(), 'http')[0]?.block ?? []
  const server = directives(http, 'server')[0]?.block ?? []
  const location = (...args: string[]) =>
    directives(server, 'location').find((d) => JSON.stringify(d.args) === JSON.stringify(args))?.block ?? []
  const one = (block: typeof server, name: string) => directives(block, name)[0]?.args ?? []

  test('bodies: above the image limit everywhere, unlimited and streamed for tus uploads', () => {
    const media = Number(defaultOf('MEDIA_MAX_BYTES'))
    expect(nginxBytes(one(server, 'client_max_body_size')[0] ?? '')).toBeGreaterThan(media)
    const uploads = location(UPLOADS_PATH)
    expect(one(uploads, 'client_max_body_size')).toEqual(['0'])
    expect(one(uploads, 'proxy_request_buffering')).toEqual(['off'])
    expect(one(uploads, 'proxy_pass')).toEqual(['http://api'])
  })

  test('the gateway location passes the WebSocket upgrade on, with the forwarding headers', () => {
    const gateway = location('=', GATEWAY_PATH)
    expect(one(gateway, 'proxy_pass')).toEqual(['http://gateway'])
    expect(one(server, 'proxy_http_version')).toEqual(['1.1'])
    const headers = directives(gateway, 'proxy_set_header').map((d) => d.args)
    expect(headers).toContainEqual(['Upgrade', '$http_upgrade'])
    expect(headers).toContainEqual(['Connection', '$connection_upgrade'])
    // Its own proxy_set_header lines replace the server's: each of those must be repeated.
    for (const header of directives(server, 'proxy_set_header').map((d) => d.args[0])) {
      if (header !== 'Connection') expect(headers.map((h) => h[0])).toContain(header)
    }
    const map = directives(http, 'map')[0]
    expect(map?.args).toEqual(['$http_upgrade', '$connection_upgrade'])
  })
})
