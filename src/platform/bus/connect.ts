import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream'
import {
  ClosedConnectionError,
  ConnectionError,
  DrainingConnectionError,
  NoRespondersError,
  RequestError,
  TimeoutError,
} from '@nats-io/nats-core'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { BootError } from '../boot-error.ts'
import type { Config, Secrets } from '../config.ts'
import { HttpError, problems } from '../errors.ts'
import type { Logger } from '../logger.ts'

export interface Bus {
  nc: NatsConnection
  js: JetStreamClient
  jsm: JetStreamManager
  /** Prefix of every subject, stream and bucket of this deployment (tests use their own). */
  prefix: string
  /** `sf.events.post.created` for `subject('events.post.created')`. */
  subject(suffix: string): string
  /** `SF_EVENTS` for `streamName('events')`. */
  streamName(name: string): string
  /**
   * False from the moment the connection to NATS is lost until it is back: what needs NATS to
   * answer (a rate limit, say) refuses at once then (`busUnavailable`) rather than wait out a timeout.
   */
  readonly connected: boolean
  close(): Promise<void>
}

/**
 * One NATS connection per process. The first connection must succeed (or the boot stops, naming
 * NATS_URL); after that the client reconnects forever and buffers what is published meanwhile.
 */
export async function connectBus(config: Config, secrets: Secrets, log: Logger): Promise<Bus> {
  let nc: NatsConnection
  try {
    nc = await connect({
      servers: [...config.nats.servers],
      name: `socialflow ${config.nodeId}`,
      token: secrets.nats.token,
      user: secrets.nats.user,
      pass: secrets.nats.pass,
      timeout: 5000,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      reconnectJitter: 250,
      pingInterval: 10_000,
    })
  } catch (error) {
    throw new BootError(
      `NATS is not reachable at ${config.nats.servers.join(', ')} (set NATS_URL): ${(error as Error).message}`,
    )
  }
  let jsm: JetStreamManager
  try {
    jsm = await jetstreamManager(nc, { timeout: 5000 })
  } catch (error) {
    await nc.close()
    throw new BootError(
      `NATS at ${config.nats.servers.join(', ')} has no JetStream (start nats-server with -js): ${(error as Error).message}`,
    )
  }
  const link = { connected: true }
  void watchStatus(nc, log, link)
  const prefix = config.nats.prefix
  return {
    get connected() {
      return link.connected
    },
    nc,
    js: jetstream(nc, { timeout: 5000 }),
    jsm,
    prefix,
    subject: (suffix) => `${prefix}.${suffix}`,
    streamName: (name) => `${prefix}_${name}`.toUpperCase(),
    close: async () => {
      if (!nc.isClosed()) await nc.drain().catch(() => nc.close())
    },
  }
}

async function watchStatus(nc: NatsConnection, log: Logger, link: { connected: boolean }): Promise<void> {
  for await (const status of nc.status()) {
    if (status.type === 'disconnect') {
      link.connected = false
      log.warn({ server: status.server }, 'NATS disconnected')
    } else if (status.type === 'reconnect') {
      link.connected = true
      log.info({ server: status.server }, 'NATS reconnected')
    } else if (status.type === 'error') log.error({ err: status.error }, 'NATS error')
  }
}

/**
 * Whether an error means NATS could not be reached: closed or draining connection, a request or
 * publish that timed out or found no responder (the stream's servers away). A request that meets
 * one answers like `busUnavailable`, not 500: the connection's `connected` flag lags the socket's
 * close by a moment, in which a call can still be made and fail so.
 */
export function busUnreachable(error: unknown): boolean {
  return (
    error instanceof ClosedConnectionError ||
    error instanceof DrainingConnectionError ||
    error instanceof ConnectionError ||
    error instanceof TimeoutError ||
    error instanceof NoRespondersError ||
    (error instanceof RequestError && error.isNoResponders())
  )
}

/** The answer to a request that needs NATS while it is away: 503, to be tried again shortly. */
export function busUnavailable(): HttpError {
  return new HttpError(problems.unavailable, 'The message bus is unreachable; try again in a few seconds', {
    headers: { 'retry-after': '5' },
  })
}
