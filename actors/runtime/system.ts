import type { KV } from '@nats-io/kv'
import type { Msg, Subscription } from '@nats-io/nats-core'
import { type Kysely, sql } from 'kysely'
import type { Bus } from '../../src/platform/bus/connect.ts'
import type { DB } from '../../src/platform/db/schema.ts'
import type { Logger } from '../../src/platform/logger.ts'
import type { Metrics } from '../../src/platform/metrics.ts'
import { type ActorRef, type Envelope, PARTITIONS, partitionSubject, type Reply } from './protocol.ts'

/** The KV buckets of the runtime: partition leases and the workers alive. */
export const LEASES_BUCKET = 'actor_leases'
export const MEMBERS_BUCKET = 'actor_members'
/** Bucket-wide TTL (NATS 2.9 has no per-key TTL): a dead worker's leases are gone after this. */
export const LEASE_TTL_MS = 6000

/** What an actor's code sees while it handles a message. */
export interface ActorContext<S> {
  readonly ref: ActorRef
  state: S
  /** Writes `state` to PostgreSQL, fenced by the partition lease: refused if the lease was lost. */
  persist(): Promise<void>
  /** Delivers `message` to this actor after `ms` (re-armed by `activated` after a move). */
  setTimer(name: string, ms: number, message: { type: string } & Record<string, unknown>): void
  clearTimer(name: string): void
  readonly log: Logger
}

/** A kind of actor: its first state, what it does when activated, and how it handles a message. */
export interface ActorBehavior<S = unknown> {
  initial(id: string): S
  /** After the state is loaded (on this worker, maybe after a move): re-arm timers, refresh caches. */
  activated?(ctx: ActorContext<S>): Promise<void>
  receive(ctx: ActorContext<S>, message: { type: string } & Record<string, unknown>): Promise<unknown>
}

export interface ActorSystemOptions {
  bus: Bus
  db: Kysely<DB>
  leases: KV
  members: KV
  nodeId: string
  behaviors: Record<string, ActorBehavior<unknown>>
  log: Logger
  metrics?: Metrics
  /** An actor with no message for this long is written out of memory. */
  idleMs?: number
  /** How often leases are renewed and free partitions taken. */
  tickMs?: number
}

interface Partition {
  n: number
  revision: number
  renewedAt: number
  /** The revision of the lease when it was taken: the fencing token of every write. */
  fence: number
  sub: Subscription
}

class FencedOut extends Error {}

interface Activation {
  ref: ActorRef
  key: string
  partition: number
  ctx: ActorContext<unknown>
  behavior: ActorBehavior<unknown>
  mailbox: Promise<void>
  lastUsed: number
  timers: Map<string, Timer>
  ready: Promise<boolean>
  /** Message ids answered lately, with their reply: a resent message is answered again, not redone. */
  answered: Map<string, Reply>
}

/**
 * The actor runtime of one worker. It owns partitions through KV leases (`create` when free,
 * revision-checked `update` to renew, about PARTITIONS / workers each, given back to newcomers),
 * subscribes to the actor subjects of the partitions it owns, activates an actor on its first
 * message (loading its state from PostgreSQL and claiming it with the lease's fence), handles its
 * messages one at a time, and writes it out of memory when idle. A lease it fails to renew, or a
 * write refused by a newer fence, drops that partition's actors at once: another worker has them.
 */
export class ActorSystem {
  private readonly owned = new Map<number, Partition>()
  private readonly actors = new Map<string, Activation>()
  private timer: Timer | undefined
  private ticking: Promise<void> = Promise.resolve()
  private stopped = true
  private readonly idleMs: number
  private readonly tickMs: number
  private readonly encoder = new TextEncoder()
  /** Activations so far (tests and metrics count them). */
  activations = 0

  constructor(private readonly opts: ActorSystemOptions) {
    this.idleMs = opts.idleMs ?? 120_000
    this.tickMs = opts.tickMs ?? 1000
  }

  get partitions(): number[] {
    return [...this.owned.keys()].sort((a, b) => a - b)
  }

  get active(): number {
    return this.actors.size
  }

  async start(): Promise<void> {
    this.stopped = false
    await this.tick()
    this.timer = setInterval(() => {
      this.ticking = this.ticking
        .then(() => this.tick())
        .catch((error) => this.opts.log.warn({ err: error }, 'actor tick failed'))
    }, this.tickMs)
  }

  /** Hands every partition back (after the actors in hand finish), so others take over at once. */
  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    clearInterval(this.timer)
    await this.ticking
    for (const n of [...this.owned.keys()]) await this.release(n, true)
    await this.opts.members.delete(this.opts.nodeId).catch(() => {})
  }

  private async tick(): Promise<void> {
    if (this.stopped) return
    await this.opts.members.put(this.opts.nodeId, this.encoder.encode(String(Date.now())))
    for (const p of [...this.owned.values()]) {
      if (Date.now() - p.renewedAt < LEASE_TTL_MS / 3) continue
      try {
        p.revision = await this.opts.leases.update(leaseKey(p.n), this.leaseValue(), p.revision)
        p.renewedAt = Date.now()
      } catch (error) {
        this.opts.log.warn({ partition: p.n, err: error }, 'lost an actor partition lease')
        await this.release(p.n, false)
      }
    }
    const members = Math.max(1, (await keysOf(this.opts.members)).length)
    const target = Math.ceil(PARTITIONS / members)
    if (this.owned.size > target) {
      // A newcomer: give it a share.
      for (const n of this.partitions.slice(target)) await this.release(n, true)
      return
    }
    const start = Math.floor(Math.random() * PARTITIONS)
    for (let i = 0; i < PARTITIONS && this.owned.size < target && !this.stopped; i++) {
      const n = (start + i) % PARTITIONS
      if (this.owned.has(n)) continue
      const revision = await this.opts.leases.create(leaseKey(n), this.leaseValue()).catch(() => undefined)
      if (revision === undefined) continue
      const sub = this.opts.bus.nc.subscribe(partitionSubject(this.opts.bus, n), {
        queue: `actors.${n}`,
        callback: (error, msg) => {
          if (!error) void this.onMessage(n, msg)
        },
      })
      this.owned.set(n, { n, revision, renewedAt: Date.now(), fence: revision, sub })
    }
    this.passivateIdle()
  }

  private leaseValue(): Uint8Array {
    return this.encoder.encode(JSON.stringify({ node: this.opts.nodeId, at: Date.now() }))
  }

  /** Drops a partition: no new messages, its actors finish what they hold and leave memory. */
  private async release(n: number, handBack: boolean): Promise<void> {
    const p = this.owned.get(n)
    if (!p) return
    this.owned.delete(n)
    p.sub.unsubscribe()
    const leaving = [...this.actors.values()].filter((a) => a.partition === n)
    for (const a of leaving) this.deactivate(a)
    await Promise.all(leaving.map((a) => a.mailbox))
    if (handBack) {
      // Only while the lease is still ours: a revision-checked delete.
      await this.opts.leases.delete(leaseKey(n), { previousSeq: p.revision }).catch(() => {})
    }
  }

  private deactivate(a: Activation): void {
    for (const t of a.timers.values()) clearTimeout(t)
    a.timers.clear()
    if (this.actors.get(a.key) === a) this.actors.delete(a.key)
  }

  private passivateIdle(): void {
    const now = Date.now()
    for (const a of [...this.actors.values()]) if (now - a.lastUsed > this.idleMs) this.deactivate(a)
  }

  private async onMessage(n: number, msg: Msg): Promise<void> {
    const reply = (r: Reply) => msg.respond(this.encoder.encode(JSON.stringify(r)))
    // <prefix>.actor.<kind>.<partition>.<id>
    const [, kind = '', , id = ''] = msg.subject.slice(this.opts.bus.prefix.length + 1).split('.')
    const behavior = this.opts.behaviors[kind]
    if (!behavior || !id) return void reply({ ok: false, error: `no actors of kind ${kind}` })
    let envelope: Envelope
    try {
      envelope = msg.json<Envelope>()
    } catch {
      return void reply({ ok: false, error: 'not an actor message' })
    }
    const partition = this.owned.get(n)
    if (!partition) return void reply({ ok: false, error: 'moving', retry: true })
    const activation = this.activation({ kind, id }, n, partition.fence, behavior)
    const result = await this.enqueue(activation, envelope)
    reply(result)
  }

  private activation(ref: ActorRef, n: number, fence: number, behavior: ActorBehavior<unknown>): Activation {
    const key = `${ref.kind}/${ref.id}`
    const existing = this.actors.get(key)
    if (existing) return existing
    const store = { state: undefined as unknown }
    const activation: Activation = {
      ref,
      key,
      partition: n,
      behavior,
      mailbox: Promise.resolve(),
      lastUsed: Date.now(),
      timers: new Map(),
      answered: new Map(),
      ready: Promise.resolve(false),
      ctx: {
        ref,
        get state() {
          return store.state
        },
        set state(value) {
          store.state = value
        },
        persist: async () => {
          const written =
            await sql`update actor_state set state = ${JSON.stringify(store.state)}::text::jsonb,
              fence = ${fence}, updated_at = now()
            where kind = ${ref.kind} and id = ${ref.id} and fence <= ${fence}`.execute(this.opts.db)
          if (Number(written.numAffectedRows ?? 0) === 0)
            throw new FencedOut(`${key}: another worker holds it now`)
        },
        setTimer: (name, ms, message) => {
          clearTimeout(activation.timers.get(name))
          activation.timers.set(
            name,
            setTimeout(() => {
              activation.timers.delete(name)
              if (this.actors.get(key) === activation)
                void this.enqueue(activation, { mid: `timer:${name}:${Date.now()}`, message })
            }, ms),
          )
        },
        clearTimer: (name) => {
          clearTimeout(activation.timers.get(name))
          activation.timers.delete(name)
        },
        log: this.opts.log.child({ actor: key }),
      },
    }
    this.actors.set(key, activation)
    this.activations++
    this.opts.metrics?.actorActivations.inc({ kind: ref.kind })
    // Claim the row with this lease's fence (a worker that lost the partition can no longer write),
    // and load what the previous activation left.
    activation.ready = (async () => {
      const claimed = await sql<{ state: unknown }>`insert into actor_state (kind, id, state, fence)
          values (${ref.kind}, ${ref.id}, ${JSON.stringify(behavior.initial(ref.id))}::text::jsonb, ${fence})
          on conflict (kind, id) do update set fence = excluded.fence where actor_state.fence <= excluded.fence
          returning state`.execute(this.opts.db)
      const row = claimed.rows[0]
      if (!row) return false
      store.state = row.state
      await behavior.activated?.(activation.ctx)
      return true
    })().catch((error) => {
      // Not activated (the database was away): the next message tries again.
      this.deactivate(activation)
      throw error
    })
    activation.mailbox = activation.ready.then(
      () => {},
      () => {},
    )
    return activation
  }

  private enqueue(a: Activation, envelope: Envelope): Promise<Reply> {
    const result = a.mailbox.then(async (): Promise<Reply> => {
      a.lastUsed = Date.now()
      const seen = a.answered.get(envelope.mid)
      if (seen) return seen
      if (this.actors.get(a.key) !== a) return { ok: false, error: 'moving', retry: true }
      try {
        if (!(await a.ready)) throw new FencedOut(`${a.key}: another worker holds it now`)
        const value = await a.behavior.receive(a.ctx, envelope.message)
        const reply: Reply = { ok: true, value: value ?? null }
        a.answered.set(envelope.mid, reply)
        if (a.answered.size > 256) a.answered.delete(a.answered.keys().next().value!)
        return reply
      } catch (error) {
        if (error instanceof FencedOut) {
          this.opts.log.warn({ actor: a.key }, 'fenced out: dropping the actor')
          this.deactivate(a)
          return { ok: false, error: 'moving', retry: true }
        }
        this.opts.log.error({ err: error, actor: a.key, type: envelope.message.type }, 'actor message failed')
        return { ok: false, error: (error as Error).message }
      }
    })
    a.mailbox = result.then(() => {})
    return result
  }
}

function leaseKey(n: number): string {
  return `p.${n}`
}

async function keysOf(kv: KV): Promise<string[]> {
  const keys: string[] = []
  for await (const k of await kv.keys()) keys.push(k)
  return keys
}
