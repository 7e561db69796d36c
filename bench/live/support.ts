/**
 * What the live benches share: a platform node with the local live backend and a streamer's
 * account, streams made over REST and their signed playlists, and the bare baseline (an
 * `ffmpeg -listen 1 -i rtmp://... -c copy -f hls` child writing a folder).
 */
import { join } from 'node:path'
import { signupTokenIn } from '../../test/support/accounts.ts'
import { createTestDatabase, NATS_URL, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import { type Server, serve } from '../support.ts'

export function freePort(): number {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  const port = probe.port
  probe.stop(true)
  return port
}

/**
 * The bare baseline: ffmpeg listening for one RTMP push on `port`, copying it to HLS in `dir`;
 * returned once it listens (a pusher connecting earlier is refused, and ffmpeg takes from a few
 * hundred ms to seconds to start on a busy machine). Probing the port would use up its one
 * connection: the kernel's table of listening sockets tells instead.
 */
export async function bareHls(port: number, dir: string) {
  const proc = Bun.spawn(
    [
      ...[
        'ffmpeg',
        '-nostdin',
        '-v',
        'fatal',
        '-listen',
        '1',
        '-f',
        'flv',
        '-i',
        `rtmp://127.0.0.1:${port}/live/x`,
      ],
      ...['-c', 'copy', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '10'],
      ...['-hls_flags', 'independent_segments+program_date_time+temp_file'],
      ...['-hls_segment_filename', join(dir, 'seg-%05d.ts'), join(dir, 'index.m3u8')],
    ],
    { stdout: 'ignore', stderr: 'inherit' },
  )
  const local = `:${port.toString(16).toUpperCase().padStart(4, '0')}`
  for (let i = 0; i < 200; i++) {
    const table = await Bun.file('/proc/net/tcp').text()
    // Column 2 is the local address (hex ip:port), column 4 the state (0A: listening).
    const listening = table.split('\n').some((line) => {
      const columns = line.trim().split(/\s+/)
      return columns[1]?.endsWith(local) && columns[3] === '0A'
    })
    if (listening) return proc
    await Bun.sleep(50)
  }
  proc.kill()
  throw new Error(`bare ffmpeg did not listen on ${port}`)
}

export interface Platform {
  server: Server
  /** Where pushers send `/live/<stream key>`. */
  rtmpPort: number
  /** A low latency stream of the streamer's, without recording: its id and stream key. */
  createStream(): Promise<{ id: string; streamKey: string }>
  /** A viewer of the stream: asks for playback once live, then reads the signed playlist (null until then). */
  playlist(id: string): () => Promise<string | null>
  stop(): Promise<void>
}

/**
 * A node running everything (`src/main.ts`) in its own database and NATS prefix, its files under
 * `dir`, streams ending 2 s after their pusher stops, rate limits off (`env` overrides these);
 * and a confirmed account.
 */
export async function startPlatform(
  tag: string,
  dir: string,
  env: Record<string, string> = {},
): Promise<Platform> {
  const database = await createTestDatabase(tag)
  const prefix = uniquePrefix(tag)
  const rtmpPort = freePort()
  const server = await serve('src/main.ts', {
    DATABASE_URL: database.url,
    NATS_URL,
    NATS_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    STORAGE_DIR: join(dir, 'storage'),
    UPLOADS_DIR: join(dir, 'uploads'),
    VIDEO_WORK_DIR: join(dir, 'work'),
    LIVE_WORK_DIR: join(dir, 'live'),
    LIVE_RTMP_PORT: String(rtmpPort),
    LIVE_IDLE_END_SECONDS: '2',
    PASSWORD_MEMORY_KIB: '1024',
    PASSWORD_TIME_COST: '1',
    RATE_LIMITS: '*=off',
    ...env,
  })
  const api = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    // biome-ignore lint/suspicious/noExplicitAny: the benchmark reads whatever JSON the route answers
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as any }
  }
  const email = `${tag.replaceAll('_', '-')}@example.test`
  await api('POST', '/v1/auth/register', {
    username: `${tag}_streamer`.slice(0, 30),
    email,
    password: `Pw-${crypto.randomUUID()}`,
  })
  const registered = await api('POST', '/v1/auth/register/confirm', {
    token: await signupTokenIn(database.url, email),
  })
  const token = String(registered.body.accessToken)
  return {
    server,
    rtmpPort,
    async createStream() {
      const stream = await api(
        'POST',
        '/v1/live/streams',
        { title: 'bench', visibility: 'public', latencyMode: 'low', record: false },
        token,
      )
      if (stream.status !== 201) throw new Error(`stream not made: ${stream.status}`)
      return { id: String(stream.body.id), streamKey: String(stream.body.ingest.streamKey) }
    },
    playlist(id) {
      let hls = ''
      return async () => {
        if (!hls) {
          const playback = await api('GET', `/v1/live/streams/${id}/playback`)
          if (playback.status !== 200) return null
          hls = playback.body.hls.replace(/^https?:\/\/[^/]+/, server.url)
        }
        const res = await fetch(hls)
        return res.status === 200 ? res.text() : null
      }
    },
    async stop() {
      server.proc.kill('SIGTERM')
      await server.proc.exited
      await removeNatsPrefix(prefix)
      await database.drop()
    },
  }
}
