import { setTimeout as sleep } from 'node:timers/promises'
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

/** Sessions revoked in PostgreSQL after `since` (the source of truth the bucket mirrors). */
export type RevokedSince = (since: Date) => Promise<{ id: string; revokedAt: Date | null }[]>

/** How often a node reads the sessions revoked lately from PostgreSQL. */
const RECONCILE_MS = 5_000
/** Revocations read again on each round: a transaction may commit well after it stamped `revoked_at`. */
const RECONCILE_OVERLAP_MS = 60_000
/** Longest a revocation waits for its bucket write (NATS away): PostgreSQL already holds it. */
const PUT_WAIT_MS = 1_000

/**
 * What every node must know within seconds to refuse an access token before it expires: revoked
 * sessions, suspended or banned users, changed roles. Kept in a JetStream KV bucket whose TTL is a
 * little longer than an access token's life (older entries no longer matter: their tokens have
 * expired, and refreshing checks the database). Each node watches the bucket and answers from
 * memory, so checking a request costs a map lookup. Revoked sessions are also read from
 * PostgreSQL, where they are recorded first: at start and every few seconds, so that one whose
 * bucket write was lost (NATS away) is still refused everywhere within seconds, and after restarts.
 * (Blocks and role changes are repaired from their domain events, which travel through the outbox.)
 */
export class Revocations {
  private readonly sessions = new Map<string, number>()
  private readonly users = new Map<string, { block: UserBlock; at: number }>()
  private readonly roles = new Map<string, { role: string; at: number }>()
  private stopped = false
  private readonly listeners = new Set<(change: Revocation) => void>()
  private watching: Promise<void> | undefined
  private pruneTimer: Timer | undefined

  private reconciler: Timer | undefined
  private reconciledTo = 0

  constructor(
    private readonly kv: KV,
    private readonly ttlMs: number,
    private readonly log: Logger,
    /** Reads revoked sessions from PostgreSQL (none: the bucket alone). */
    private readonly revokedSince?: RevokedSince,
  ) {}

  /** Applies the sessions revoked since the last round (overlapping it), unknown ones first told to listeners. */
  async reconcile(): Promise<number> {
    if (!this.revokedSince) return 0
    const now = Date.now()
    const since = this.reconciledTo ? this.reconciledTo - RECONCILE_OVERLAP_MS : now - this.ttlMs
    let learned = 0
    for (const { id, revokedAt } of await this.revokedSince(new Date(since))) {
      if (this.sessions.has(id)) continue
      this.apply({ kind: 'session', id, at: revokedAt?.getTime() ?? now })
      learned++
    }
    this.reconciledTo = now
    if (learned) this.log.info({ learned }, 'revoked sessions learned from the database')
    return learned
  }

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
        await sleep(Math.min(5000, 100 * 2 ** failures))
        watcher = await this.kv.watch({ key: '>' }).catch(() => watcher)
      }
    })()
    this.pruneTimer = setInterval(() => this.prune(), 60_000)
    this.pruneTimer.unref?.()
    let reconciling: Promise<unknown> = Promise.resolve()
    if (this.revokedSince) {
      this.reconciler = setInterval(() => {
        reconciling = this.reconcile().catch((error) =>
          this.log.warn({ err: error }, 'reading revoked sessions failed; retrying'),
        )
      }, RECONCILE_MS)
      this.reconciler.unref?.()
    }
    this.stop = async () => {
      this.stopped = true
      clearInterval(this.pruneTimer)
      clearInterval(this.reconciler)
      watcher.stop()
      await this.watching
      await reconciling
    }
    await Promise.race([replayed, sleep(5000)])
    await this.reconcile()
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

  /**
   * Effective on this node at once, on the others when the watch delivers it. A session's
   * revocation is in PostgreSQL already: if the bucket cannot take it soon (NATS away), the
   * others learn it from there (`reconcile`), and the caller is not kept waiting or failed.
   */
  private async put(entry: Entry): Promise<void> {
    this.apply(entry)
    const written = this.kv.put(`${entry.kind}.${entry.id}`, JSON.stringify(entry))
    if (entry.kind !== 'session' || !this.revokedSince) {
      await written
      return
    }
    const outcome = await Promise.race([
      written.then(
        () => 'written' as const,
        (error: unknown) => error,
      ),
      sleep(PUT_WAIT_MS).then(() => 'waiting' as const),
    ])
    if (outcome !== 'written')
      this.log.warn(
        { sessionId: entry.id, err: outcome === 'waiting' ? undefined : outcome },
        'revocation not in the bucket yet; the other nodes read it from the database',
      )
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
