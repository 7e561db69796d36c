import { describe, expect, test } from 'bun:test'
import { authProblems } from '../../src/auth/problems.ts'
import { type ClientSocket, GatewayCore } from '../../src/gateway/core.ts'
import { HttpError } from '../../src/platform/errors.ts'
import { createLogger } from '../../src/platform/logger.ts'

/**
 * The protocol core on its own, with a socket that records what it is asked to do and an
 * authenticator whose tokens live as long as the test says: the deadlines a socket library
 * never sees (auth timeout, token expiry, idle), without waiting for real tokens to expire.
 */
class RecordingSocket implements ClientSocket {
  readonly encoding = 'json' as const
  sent: Record<string, unknown>[] = []
  closed: number | undefined
  send(frame: string | Uint8Array): boolean {
    this.sent.push(JSON.parse(String(frame)))
    return true
  }
  backlogged(): boolean {
    return false
  }
  close(code: number): void {
    this.closed = code
  }
  subscribe(_topic: string): void {}
  unsubscribe(_topic: string): void {}
}

function core(opts: { ttlMs: number; authTimeoutMs?: number; idleTimeoutMs?: number }) {
  return new GatewayCore(
    { publish() {} },
    {
      auth: {
        async authenticateToken(token: string) {
          if (token === 'bad') throw new HttpError(authProblems.tokenInvalid)
          return { userId: 'u1', sessionId: `s-${token}`, role: 'user', expiresAt: Date.now() + opts.ttlMs }
        },
        onRevoked: () => () => {},
      },
      channels: { acquire() {}, release() {} },
      kinds: {},
      commands: {},
      log: createLogger({ level: 'silent', nodeId: 'test' }),
      heartbeatIntervalMs: 25_000,
      idleTimeoutMs: opts.idleTimeoutMs ?? 60_000,
      authTimeoutMs: opts.authTimeoutMs ?? 10_000,
      messagesPerSecond: 100,
      maxConnectionsPerUser: 10,
      maxChannels: 10,
    },
  )
}

describe('gateway core deadlines (one sweep, no timer per connection)', () => {
  test('a token that expires without a refreshed one closes the connection with 4007', async () => {
    const c = core({ ttlMs: 150 })
    const socket = new RecordingSocket()
    const conn = c.open('c1', socket)
    await c.message(conn, JSON.stringify({ op: 'auth', token: 't1' }))
    expect(socket.sent.at(-1)).toMatchObject({ op: 'ready', userId: 'u1' })
    c.sweep()
    expect(socket.closed).toBeUndefined()
    await Bun.sleep(200)
    c.sweep()
    expect(socket.closed).toBe(4007)
  })

  test('a refreshed token moves the deadline', async () => {
    const c = core({ ttlMs: 150 })
    const socket = new RecordingSocket()
    const conn = c.open('c1', socket)
    await c.message(conn, JSON.stringify({ op: 'auth', token: 't1' }))
    await Bun.sleep(100)
    await c.message(conn, JSON.stringify({ op: 'auth', token: 't2' }))
    expect(socket.sent.at(-1)).toMatchObject({ op: 'reauthenticated' })
    await Bun.sleep(100)
    c.sweep()
    expect(socket.closed).toBeUndefined()
  })

  test('no auth in time: 4006; silent too long: 4005', async () => {
    // The idle limit is far from the auth limit: a loaded machine can stretch a 120 ms sleep past 150 ms.
    const c = core({ ttlMs: 60_000, authTimeoutMs: 100, idleTimeoutMs: 800 })
    const waiting = new RecordingSocket()
    c.open('c1', waiting)
    const quiet = new RecordingSocket()
    const conn = c.open('c2', quiet)
    await c.message(conn, JSON.stringify({ op: 'auth', token: 't' }))
    await Bun.sleep(120)
    c.sweep()
    expect(waiting.closed).toBe(4006)
    expect(quiet.closed).toBeUndefined()
    await Bun.sleep(750)
    c.sweep()
    expect(quiet.closed).toBe(4005)
  })
})

/** Sockets with the transport's topics, as Bun's server keeps them: a publish writes to every subscriber. */
class Topics {
  readonly subscribers = new Map<string, Set<TopicSocket>>()
  publishes = 0
  publish(topic: string, frame: string | Uint8Array): void {
    this.publishes++
    for (const s of this.subscribers.get(topic) ?? []) s.sent.push(JSON.parse(String(frame)))
  }
}

class TopicSocket extends RecordingSocket {
  slow = false
  constructor(private readonly topics: Topics) {
    super()
  }
  override backlogged(): boolean {
    return this.slow
  }
  override subscribe(topic: string): void {
    const set = this.topics.subscribers.get(topic) ?? new Set()
    set.add(this)
    this.topics.subscribers.set(topic, set)
  }
  override unsubscribe(topic: string): void {
    this.topics.subscribers.get(topic)?.delete(this)
  }
  seqs(): number[] {
    return this.sent.filter((f) => typeof f.seq === 'number').map((f) => f.seq as number)
  }
}

describe('rooms: written through the topics, in order and once', () => {
  const frame = (seq: number) => JSON.stringify({ channel: 'room:r1', seq, type: 'message', data: { seq } })

  function roomCore(history: (since: number) => Promise<{ frames: string[] } | 'refetch'>) {
    const topics = new Topics()
    const reads: number[] = []
    const c = new GatewayCore(topics, {
      auth: {
        async authenticateToken(token: string) {
          return {
            userId: `u-${token}`,
            sessionId: `s-${token}`,
            role: 'user',
            expiresAt: Date.now() + 60_000,
          }
        },
        onRevoked: () => () => {},
      },
      channels: { acquire() {}, release() {} },
      kinds: {
        room: {
          authorize: async () => true,
          history: async (_channel: string, since: number) => {
            reads.push(since)
            return history(since)
          },
        },
      },
      commands: {},
      log: createLogger({ level: 'silent', nodeId: 'test' }),
      heartbeatIntervalMs: 25_000,
      idleTimeoutMs: 60_000,
      authTimeoutMs: 10_000,
      messagesPerSecond: 100,
      maxConnectionsPerUser: 10,
      maxChannels: 10,
    })
    const join = async (name: string, since?: number) => {
      const socket = new TopicSocket(topics)
      const conn = c.open(name, socket)
      await c.message(conn, JSON.stringify({ op: 'auth', token: name }))
      await c.message(conn, JSON.stringify({ op: 'subscribe', channel: 'room:r1', since, ref: 1 }))
      return socket
    }
    return { c, topics, reads, join }
  }

  test('members in step get each frame from one publish; a gap is read from the history once for all', async () => {
    const stored = [1, 2, 3, 4, 5].map(frame)
    const { c, topics, reads, join } = roomCore(async (since) => ({ frames: stored.slice(since) }))
    const members = await Promise.all(Array.from({ length: 50 }, (_, i) => join(`m${i}`)))
    c.deliver('room:r1', frame(1))
    c.deliver('room:r1', frame(2))
    c.deliver('room:r1', frame(2)) // a repeat
    expect(topics.publishes).toBe(2)
    c.deliver('room:r1', frame(5)) // 3 and 4 never came live
    await Bun.sleep(20)
    expect(reads).toEqual([2])
    for (const m of members) expect(m.seqs()).toEqual([1, 2, 3, 4, 5])
  })

  test('a resuming member is written alone until it has caught up, then joins the topics', async () => {
    const stored = [1, 2, 3, 4, 5, 6].map(frame)
    const { c, join } = roomCore(async (since) => ({ frames: stored.slice(since, 4) }))
    const early = await join('early')
    c.deliver('room:r1', frame(3))
    c.deliver('room:r1', frame(4))
    const late = await join('late', 1) // history gives 2..4
    c.deliver('room:r1', frame(5))
    c.deliver('room:r1', frame(6))
    expect(early.seqs()).toEqual([3, 4, 5, 6])
    expect(late.seqs()).toEqual([2, 3, 4, 5, 6])
  })

  test('a gap the history cannot fill: resync, then the frames that follow', async () => {
    const { c, join } = roomCore(async () => 'refetch')
    const m = await join('m')
    c.deliver('room:r1', frame(1))
    c.deliver('room:r1', frame(4))
    await Bun.sleep(20)
    c.deliver('room:r1', frame(5))
    expect(m.sent.filter((f) => f.op === 'resync' || typeof f.seq === 'number')).toEqual([
      expect.objectContaining({ seq: 1 }),
      { op: 'resync', channel: 'room:r1' },
      expect.objectContaining({ seq: 4 }),
      expect.objectContaining({ seq: 5 }),
    ])
  })

  test('a member whose send buffer went past the limit is closed as a slow consumer (4004)', async () => {
    const { c, join } = roomCore(async () => ({ frames: [] }))
    const [slow, fine] = [await join('slow'), await join('fine')]
    slow.slow = true
    c.deliver('room:r1', frame(1))
    await Bun.sleep(5)
    expect(slow.closed).toBe(4004)
    expect(fine.closed).toBeUndefined()
    c.deliver('room:r1', frame(2))
    expect(fine.seqs()).toEqual([1, 2])
  })
})
