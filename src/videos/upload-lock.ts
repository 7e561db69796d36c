import type { KV } from '@nats-io/kv'
import type { Subscription } from '@nats-io/nats-core'
import type { Bus } from '../platform/bus/connect.ts'
import type { BucketDecl } from '../platform/bus/topology.ts'
import { newId } from '../platform/ids.ts'

/** Locks of uploads being written: a key per upload, gone a minute after its holder stops renewing. */
export const UPLOAD_LOCKS_BUCKET = 'upload_locks'
const LOCK_TTL_MS = 60_000
const RENEW_MS = 20_000
const ACQUIRE_TIMEOUT_MS = 30_000
const RETRY_MS = 100

export const uploadLocksBucket: BucketDecl = { name: UPLOAD_LOCKS_BUCKET, ttlMs: LOCK_TTL_MS, history: 1 }

/** The shapes @tus/server expects of a locker (from @tus/utils). */
type RequestRelease = () => Promise<void> | void
export interface UploadLock {
  lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void>
  unlock(): Promise<void>
}

/**
 * tus's lock on an upload, held across every API node (tus's own is in memory, per process): a
 * key in JetStream KV created by the holder (creation fails while it exists) and renewed while
 * held. A request that wants a held upload asks the holder to let go on NATS
 * (`uploads.release.<id>`); the holder's tus ends its request (keeping the bytes that arrived)
 * and unlocks. So a client that resumes on another node, while its old request still hangs on the
 * first, gets the upload at once and the right offset, and two nodes never write one file.
 */
export class NatsUploadLocker {
  constructor(
    private readonly bus: Bus,
    private readonly kv: KV,
  ) {}

  newLock(id: string): UploadLock {
    const { bus, kv } = this
    const key = `u.${id.replace(/[^A-Za-z0-9_-]/g, '_')}`
    const releaseSubject = bus.subject(`uploads.release.${key}`)
    let revision = 0
    let renew: Timer | undefined
    let releases: Subscription | undefined
    return {
      async lock(signal, requestRelease) {
        const deadline = Date.now() + ACQUIRE_TIMEOUT_MS
        for (;;) {
          if (signal.aborted) throw new Error('the request ended before it got the upload')
          try {
            revision = await kv.create(key, newId())
            break
          } catch {
            // Held: ask its holder to let go, then try again.
            bus.nc.publish(releaseSubject)
          }
          if (Date.now() > deadline)
            throw { status_code: 500, body: 'The upload is busy on another request; try again' }
          await Bun.sleep(RETRY_MS)
        }
        releases = bus.nc.subscribe(releaseSubject, {
          callback: () => {
            void requestRelease()
          },
        })
        renew = setInterval(() => {
          kv.update(key, newId(), revision)
            .then((r) => {
              revision = r
            })
            .catch(() => {})
        }, RENEW_MS)
      },
      async unlock() {
        clearInterval(renew)
        releases?.unsubscribe()
        await kv.delete(key, { previousSeq: revision }).catch(() => {})
      },
    }
  }
}
