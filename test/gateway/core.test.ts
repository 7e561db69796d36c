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
  close(code: number): void {
    this.closed = code
  }
  subscribe(): void {}
  unsubscribe(): void {}
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
    const c = core({ ttlMs: 60_000, authTimeoutMs: 100, idleTimeoutMs: 150 })
    const waiting = new RecordingSocket()
    c.open('c1', waiting)
    const quiet = new RecordingSocket()
    const conn = c.open('c2', quiet)
    await c.message(conn, JSON.stringify({ op: 'auth', token: 't' }))
    await Bun.sleep(120)
    c.sweep()
    expect(waiting.closed).toBe(4006)
    expect(quiet.closed).toBeUndefined()
    await Bun.sleep(80)
    c.sweep()
    expect(quiet.closed).toBe(4005)
  })
})
