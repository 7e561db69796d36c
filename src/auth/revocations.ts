import type { KV } from '@nats-io/kv'
import type { Logger } from '../platform/logger.ts'

export interface UserBlock {
  status: 'suspended' | 'banned'
  reason: string | null
  /** ISO time a suspension ends; null for a ban. */
  until: string | null
}

/** A session signed out, or an account suspended or banned (all its sessions). */
export type Revocation = { sessionId: string; userId?: undefined } | { userId: string; sessionId?: undefined }

type Entry =
  | { kind: 'session'; id: string; at: number }
  | { kind: 'user'; id: string; at: number; block: UserBlock }
  | { kind: 'role'; id: string; at: number; role: string }

/**
 * What every node must know within seconds to refuse an access token before it expires: revoked
 * sessions, suspended or banned users, changed roles. Kept in a JetStream KV bucket whose TTL is a
 * little longer than an access token's life (older entries no longer matter: their tokens have
 * expired, and refreshing checks the database). Each node watches the bucket and answers from
 * memory, so checking a request costs a map lookup.
 */
export class Revocations {
  private readonly sessions = new Map<string, number>()
  private readonly users = new Map<string, { block: UserBlock; at: number }>()
  private readonly roles = new Map<string, { role: string; at: number }>()
  private stopped = false
  private readonly listeners = new Set<(change: Revocation) => void>()
  private watching: Promise<void> | undefined
  private pruneTimer: Timer | undefined

  constructor(
    private readonly kv: KV,
    private readonly ttlMs: number,
    private readonly log: Logger,
  ) {}

  /**
   * Starts watching, and returns once what the bucket held has been read (or after 5 s): a node
   * does not serve requests with a revocation list that is still filling up.
   */
  async start(): Promise<void> {
    let caughtUp: () => void = () => {}
    const replayed = new Promise<void>((resolve) => {
      caughtUp = resolve
    })
    if ((await this.kv.status()).values === 0) caughtUp()
    let watcher = await this.kv.watch({ key: '>' })
    this.watching = (async () => {
      let failures = 0
      while (!this.stopped) {
        try {
          for await (const e of watcher) {
            failures = 0
            const [kind, id] = splitKey(e.key)
            if (kind && id) {
              if (e.operation !== 'PUT') this.forget(kind, id)
              else this.apply(e.json<Entry>())
            }
            // `delta` counts the entries of the initial replay still to come.
            if (!e.isUpdate && e.delta === 0) caughtUp()
          }
        } catch (error) {
          this.log.error({ err: error }, 'revocation watch failed')
        }
        if (this.stopped) break
        // The watch ended without being asked to: start again (it replays what is in the bucket).
        failures++
        await Bun.sleep(Math.min(5000, 100 * 2 ** failures))
        watcher = await this.kv.watch({ key: '>' }).catch(() => watcher)
      }
    })()
    this.pruneTimer = setInterval(() => this.prune(), 60_000)
    this.pruneTimer.unref?.()
    this.stop = async () => {
      this.stopped = true
      clearInterval(this.pruneTimer)
      watcher.stop()
      await this.watching
    }
    await Promise.race([replayed, Bun.sleep(5000)])
  }

  stop: () => Promise<void> = async () => {}

  isSessionRevoked(sessionId: string): boolean {
    return this.sessions.has(sessionId)
  }

  userBlock(userId: string): UserBlock | undefined {
    const entry = this.users.get(userId)
    if (!entry) return undefined
    if (entry.block.until && Date.parse(entry.block.until) <= Date.now()) return undefined
    return entry.block
  }

  currentRole(userId: string): string | undefined {
    return this.roles.get(userId)?.role
  }

  async revokeSessions(sessionIds: string[]): Promise<void> {
    await Promise.all(sessionIds.map((id) => this.put({ kind: 'session', id, at: Date.now() })))
  }

  async blockUser(userId: string, block: UserBlock): Promise<void> {
    await this.put({ kind: 'user', id: userId, at: Date.now(), block })
  }

  async unblockUser(userId: string): Promise<void> {
    await this.kv.delete(`user.${userId}`)
  }

  async changeRole(userId: string, role: string): Promise<void> {
    await this.put({ kind: 'role', id: userId, at: Date.now(), role })
  }

  private async put(entry: Entry): Promise<void> {
    this.apply(entry) // effective on this node at once, on the others when the watch delivers it
    await this.kv.put(`${entry.kind}.${entry.id}`, JSON.stringify(entry))
  }

  /** Calls `listener` for each session revoked and account blocked from now on; returns the unsubscribe. */
  onRevoked(listener: (change: Revocation) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private apply(entry: Entry): void {
    if (entry.kind === 'session') this.sessions.set(entry.id, entry.at)
    else if (entry.kind === 'user') this.users.set(entry.id, { block: entry.block, at: entry.at })
    else if (entry.kind === 'role') this.roles.set(entry.id, { role: entry.role, at: entry.at })
    if (entry.kind === 'role') return
    const change: Revocation = entry.kind === 'session' ? { sessionId: entry.id } : { userId: entry.id }
    for (const listener of this.listeners) listener(change)
  }

  private forget(kind: string, id: string): void {
    if (kind === 'session') this.sessions.delete(id)
    else if (kind === 'user') this.users.delete(id)
    else if (kind === 'role') this.roles.delete(id)
  }

  /** The bucket forgets entries past its TTL without telling watchers; memory follows it. */
  private prune(): void {
    const horizon = Date.now() - this.ttlMs
    for (const [id, at] of this.sessions) if (at < horizon) this.sessions.delete(id)
    for (const [id, e] of this.users) if (e.at < horizon) this.users.delete(id)
    for (const [id, e] of this.roles) if (e.at < horizon) this.roles.delete(id)
  }
}

function splitKey(key: string): [string | undefined, string | undefined] {
  const dot = key.indexOf('.')
  return dot < 0 ? [undefined, undefined] : [key.slice(0, dot), key.slice(dot + 1)]
}
