import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream'
import type { Logger } from '../logger.ts'
import type { Bus } from './connect.ts'
import type { DomainEvent } from './events.ts'
import type { ConsumerDecl } from './topology.ts'

/**
 * How long each pull of a consumer waits on the server (nats.js sends idle heartbeats every half
 * of it). nats.js' default is 30 s, and it also paces the client's re-pull after a reconnect:
 * when JetStream was not ready yet (its leaders still being elected after the whole NATS cluster
 * came back), the next try came 15 to 45 s later, and events stood still that long (the chaos
 * test saw 14-25 s). With 5 s the try comes within 2.5-7.5 s, at the cost of one pull request
 * per consumer every 5 s while idle.
 */
export const PULL_EXPIRES_MS = 5_000

/**
 * Runs a handler over a durable JetStream pull consumer (declared in the topology). A message is
 * acknowledged when its handler succeeds; a failure is retried with exponential back-off; past
 * the consumer's `maxDeliver` it is terminated and logged as an error (JetStream keeps such a
 * message in the stream: it is never silently lost). Handlers must be idempotent: delivery is at
 * least once.
 */
export class EventConsumer {
  private messages: ConsumerMessages | undefined
  private loop: Promise<void> | undefined
  private inFlight: Promise<void> = Promise.resolve()

  constructor(
    private readonly bus: Bus,
    private readonly decl: ConsumerDecl,
    private readonly handle: (event: DomainEvent) => Promise<void>,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const consumer = await this.bus.js.consumers.get(this.bus.streamName(this.decl.stream), this.decl.durable)
    // Few at a time: those pulled wait behind the one in hand, their acknowledgement wait running.
    const messages = await consumer.consume({ max_messages: 16, expires: PULL_EXPIRES_MS })
    this.messages = messages
    this.loop = (async () => {
      for await (const msg of messages) {
        this.inFlight = this.process(msg)
        await this.inFlight
      }
    })().catch((error) => this.log.error({ consumer: this.decl.durable, err: error }, 'consumer stopped'))
  }

  /** Stops taking messages and waits for the one in hand. */
  async stop(): Promise<void> {
    if (!this.messages) return
    await this.messages.close().catch(() => {})
    await this.inFlight
    await this.loop
    this.messages = undefined
  }

  private async process(msg: JsMsg): Promise<void> {
    // A long handler (a post to many followers) keeps the message: the server would give it to
    // another worker after the consumer's acknowledgement wait.
    const working = setInterval(() => msg.working(), Math.max(250, Math.floor(this.decl.ackWaitMs / 3)))
    try {
      await this.handle(msg.json<DomainEvent>())
      msg.ack()
    } catch (error) {
      const attempt = msg.info.deliveryCount
      if (attempt >= this.decl.maxDeliver) {
        this.log.error(
          { consumer: this.decl.durable, seq: msg.seq, err: error },
          'event failed for good; left in the stream',
        )
        msg.term('failed')
      } else {
        this.log.warn({ consumer: this.decl.durable, attempt, err: error }, 'event failed; will retry')
        msg.nak(Math.min(60_000, 500 * 2 ** attempt))
      }
    } finally {
      clearInterval(working)
    }
  }
}
