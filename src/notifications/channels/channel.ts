import type { ChannelName } from '../registry.ts'

/** What a delivery says, fixed when it is planned (kept in its row). */
export interface Content {
  type: string
  title: string
  body: string
  action: string
  /** What the notification is about (opened through the tracked link). */
  url: string
  /** Notifications of its group in the window (1 when not grouped). */
  count: number
  /** Replaces the earlier notification of the same group on the device (web push topic, FCM collapse key). */
  topic: string | null
  /** The locale it was written in (e-mail's own words follow it); English when absent. */
  locale?: string
}

/** One delivery as a channel sends it. */
export interface Delivery {
  id: string
  userId: string
  type: string
  /** The address, subscription id, device id or phone number. */
  targetId: string
  content: Content
  urgent: boolean
  /** Seconds it stays worth delivering (push TTL). */
  ttlSeconds: number
}

export type Outcome =
  /** Handed over: the provider accepted it. */
  | { state: 'sent'; providerId?: string }
  /** Put in the mail queue: the queue's outcome becomes the delivery's. */
  | { state: 'mailed'; mailId: string }
  /** Will not work (the provider refused it); `gone`: the target was removed. */
  | { state: 'failed'; reason: string }
  | { state: 'skipped'; reason: string }
  /** Worth trying again later (the provider is away or busy); no sooner than `afterMs` when it said so. */
  | { state: 'retry'; reason: string; afterMs?: number }

/**
 * A way of reaching people. Channels know nothing of notification types: they send what the
 * dispatcher planned, and say per delivery what happened. A channel whose service is not
 * configured says why in `notConfigured`; its deliveries are recorded as skipped, never sent.
 */
export interface Channel {
  readonly name: ChannelName
  readonly notConfigured: string | null
  deliver(deliveries: Delivery[]): Promise<Map<string, Outcome>>
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function eachLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!)
  })
  await Promise.all(workers)
}

/** A Retry-After header (seconds, or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(
  value: string | string[] | null | undefined,
  now = Date.now(),
): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value
  if (!raw) return undefined
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000
  const at = Date.parse(raw)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
