import { createHash } from 'node:crypto'
import type { KV } from '@nats-io/kv'
import { busUnavailable } from './bus/connect.ts'

/**
 * Rate limits shared by every node, kept in a JetStream KV bucket with the generic cell rate
 * algorithm (GCRA): each key stores one number, its "theoretical arrival time", and every take is
 * a compare-and-set on it, so concurrent nodes never both spend the last token. The bucket's TTL
 * (bucket-wide on NATS 2.9) must exceed the longest window.
 */
export interface Limit {
  /** Requests allowed in a burst and per window. */
  limit: number
  windowMs: number
}

/** A class's limit as configured: its limits, or `off` (not limited). */
export type LimitSetting = Limit | 'off'

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * RATE_LIMITS: `class=N/unit` (unit s, m, h or d) or `class=off`, comma-separated; the class `*`
 * stands for every class (`*=off` for development and load tests; named classes override it).
 * Answers the settings, or the first entry it cannot read.
 */
export function parseRateLimits(raw: string): Record<string, LimitSetting> | { error: string } {
  const out: Record<string, LimitSetting> = Object.create(null)
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const m = /^(\*|[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+)=(?:(off)|([1-9][0-9]{0,8})\/([smhd]))$/.exec(entry)
    if (!m) return { error: entry }
    out[m[1]!] = m[2] ? 'off' : { limit: Number(m[3]), windowMs: UNIT_MS[m[4]!]! }
  }
  return out
}

export interface Decision {
  allowed: boolean
  limit: number
  remaining: number
  /** Milliseconds until the full allowance is back. */
  resetMs: number
  /** Milliseconds to wait before the next request can pass (0 when allowed). */
  retryAfterMs: number
}

const MAX_CAS_ATTEMPTS = 8

/** The KV bucket of every limit (declared in the platform topology). */
export const RATE_LIMIT_BUCKET = 'ratelimits'

/**
 * The classes of reads, in every feature's classes (one budget per user, or per address for an
 * anonymous caller, across all features, since they share the class's name): `api.reads` for the
 * API's reads, enough for any client and a brake on scraping; `api.files` for images and playback
 * files, anonymous and frequent (a player asks for a segment every few seconds).
 */
export const readRateLimits = {
  'api.reads': { limit: 1200, windowMs: 60_000 },
  'api.files': { limit: 6000, windowMs: 60_000 },
} as const satisfies Record<string, Limit>

export class RateLimiter {
  constructor(
    private readonly kv: KV,
    /**
     * Whether the bucket can be reached; when it cannot, limited requests are refused at once with
     * 503 (`unavailable`), never let through unlimited (the limits guard sign-ins).
     */
    private readonly reachable_: { readonly connected: boolean } = { connected: true },
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the bucket can be reached now (NATS connected). */
  get reachable(): boolean {
    return this.reachable_.connected
  }

  private ensureReachable(): void {
    if (!this.reachable_.connected) throw busUnavailable()
  }

  /** Spends `cost` requests (one by default) of `key`'s allowance, or says how long to wait. */
  async take(key: string, limit: Limit, cost = 1): Promise<Decision> {
    this.ensureReachable()
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const entry = await this.kv.get(safeKey(key))
      const stored = entry && entry.operation === 'PUT' ? Number(entry.string()) : 0
      const { decision, next } = decide(stored, this.now(), limit, cost)
      if (!decision.allowed) return decision
      try {
        if (entry && entry.operation === 'PUT')
          await this.kv.update(safeKey(key), String(next), entry.revision)
        else await this.kv.create(safeKey(key), String(next))
      } catch (error) {
        if (isCasConflict(error)) continue // another node wrote first: read again
        throw error
      }
      return decision
    }
    // Contention this high means the key is being hammered: refuse rather than loop.
    const interval = limit.windowMs / limit.limit
    return { allowed: false, limit: limit.limit, remaining: 0, resetMs: interval, retryAfterMs: interval }
  }

  /** Whether `key` would be refused now, without spending anything. */
  async check(key: string, limit: Limit): Promise<Decision> {
    this.ensureReachable()
    const entry = await this.kv.get(safeKey(key))
    const stored = entry && entry.operation === 'PUT' ? Number(entry.string()) : 0
    const { decision } = decide(stored, this.now(), limit)
    // Nothing was spent: what remains includes the request this check was about.
    return decision.allowed ? { ...decision, remaining: decision.remaining + 1 } : decision
  }

  /** Gives `key` its whole allowance back (a successful login clears its failures). */
  async reset(key: string): Promise<void> {
    this.ensureReachable()
    await this.kv.delete(safeKey(key))
  }
}

/**
 * GCRA: a request is allowed when the theoretical arrival time after it (`next`) is no more than
 * one window ahead of now; what remains is how many more would fit in that window. A request
 * that costs `cost` moves the arrival time by that many intervals.
 */
function decide(stored: number, now: number, limit: Limit, cost = 1): { decision: Decision; next: number } {
  const interval = limit.windowMs / limit.limit
  const tat = Math.max(stored, now)
  const next = tat + interval * cost
  const allowAt = next - limit.windowMs
  if (now < allowAt) {
    return {
      next,
      decision: {
        allowed: false,
        limit: limit.limit,
        remaining: 0,
        resetMs: tat - now,
        retryAfterMs: allowAt - now,
      },
    }
  }
  return {
    next,
    decision: {
      allowed: true,
      limit: limit.limit,
      remaining: Math.floor((now - allowAt) / interval),
      resetMs: next - now,
      retryAfterMs: 0,
    },
  }
}

/**
 * KV keys are restricted (no empty tokens, no leading or trailing dots, few characters), and the
 * logical keys hold client input (a login name, an address): each is stored under its SHA-256.
 */
export function safeKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** The RateLimit-* headers (IETF draft) and, when refused, Retry-After. */
export function rateLimitHeaders(decision: Decision): Record<string, string> {
  const headers: Record<string, string> = {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(Math.max(0, decision.remaining)),
    'ratelimit-reset': String(Math.ceil(decision.resetMs / 1000)),
  }
  if (!decision.allowed) headers['retry-after'] = String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)))
  return headers
}

/** A compare-and-set that lost to another writer (JetStream's "wrong last sequence"). */
export function isCasConflict(error: unknown): boolean {
  const message = String((error as Error)?.message ?? '')
  return (
    /wrong last sequence|key exists|10071|10164/i.test(message) || (error as { code?: number }).code === 10071
  )
}
