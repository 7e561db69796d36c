import { errors } from '@nats-io/nats-core'
import type { Bus } from '../../src/platform/bus/connect.ts'
import { newId } from '../../src/platform/ids.ts'
import { type ActorRef, actorSubject, type Envelope, IDS, type Reply } from './protocol.ts'

export class ActorError extends Error {
  override name = 'ActorError'
}

/**
 * Sends messages to actors from any role. Both `tell` and `ask` wait until the actor has handled
 * the message (so an acknowledged message was processed, and persisted if the actor persists):
 * while its partition has no owner (a worker died and another has not taken over yet) or is
 * moving, the message is sent again with back-off until `timeoutMs`. Delivery is therefore at
 * least once; actors whose messages must not count twice deduplicate them.
 */
export class ActorClient {
  private readonly encoder = new TextEncoder()

  constructor(
    private readonly bus: Bus,
    private readonly timeoutMs = 15_000,
  ) {}

  async ask<T = unknown>(
    ref: ActorRef,
    message: { type: string } & Record<string, unknown>,
    timeoutMs = this.timeoutMs,
  ) {
    if (!IDS.test(ref.id) || !IDS.test(ref.kind))
      throw new ActorError(`not an actor address: ${ref.kind}/${ref.id}`)
    const envelope: Envelope = { mid: newId(), message }
    const payload = this.encoder.encode(JSON.stringify(envelope))
    const subject = actorSubject(this.bus, ref)
    const deadline = Date.now() + timeoutMs
    for (let attempt = 0; ; attempt++) {
      const left = deadline - Date.now()
      if (left <= 0) throw new ActorError(`${ref.kind}/${ref.id} did not answer within ${timeoutMs} ms`)
      try {
        const msg = await this.bus.nc.request(subject, payload, { timeout: Math.min(left, 3000) })
        const reply = msg.json<Reply>()
        if (reply.ok) return reply.value as T
        if (!reply.retry) throw new ActorError(reply.error)
      } catch (error) {
        if (error instanceof ActorError) throw error
        const retriable =
          error instanceof errors.NoRespondersError ||
          error instanceof errors.TimeoutError ||
          error instanceof errors.RequestError
        if (!retriable) throw error
      }
      await Bun.sleep(Math.min(1000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2))
    }
  }

  async tell(ref: ActorRef, message: { type: string } & Record<string, unknown>, timeoutMs = this.timeoutMs) {
    await this.ask(ref, message, timeoutMs)
  }
}
