/**
 * WebSocket close codes of protocol v1 (docs/protocol.md). Each says whether the client should
 * reconnect: a client that reconnects on a code marked `reconnect: false` will be refused again.
 */
export interface CloseCode {
  code: number
  reason: string
  reconnect: boolean
}

export const closeCodes = {
  /** The node is draining or restarting: reconnect (to any node) after the hinted delay. */
  reconnect: { code: 4000, reason: 'reconnect', reconnect: true },
  /** The token in `auth` was not a valid access token: sign in again before reconnecting. */
  authFailed: { code: 4001, reason: 'authentication failed', reconnect: false },
  /** A frame was not valid JSON or not a known op: a client bug. */
  invalidFrame: { code: 4002, reason: 'invalid frame', reconnect: false },
  /** The client sent faster than allowed: reconnect after a back-off. */
  rateLimited: { code: 4003, reason: 'rate limited', reconnect: true },
  /** The client did not read its messages fast enough: reconnect and resume. */
  slowConsumer: { code: 4004, reason: 'slow consumer', reconnect: true },
  /** No heartbeat within the idle timeout. */
  idle: { code: 4005, reason: 'idle timeout', reconnect: true },
  /** No `auth` frame within the time allowed after connecting. */
  authTimeout: { code: 4006, reason: 'authentication timeout', reconnect: true },
  /** The access token expired and was not refreshed in-band: refresh it, then reconnect. */
  tokenExpired: { code: 4007, reason: 'token expired', reconnect: true },
  /** The session was signed out: sign in again. */
  sessionRevoked: { code: 4008, reason: 'session revoked', reconnect: false },
  /** The account was suspended or banned. */
  accountBlocked: { code: 4009, reason: 'account suspended or banned', reconnect: false },
  /** The user has too many connections open on this node: close one, then reconnect with back-off. */
  tooManyConnections: { code: 4010, reason: 'too many connections', reconnect: true },
} as const satisfies Record<string, CloseCode>
