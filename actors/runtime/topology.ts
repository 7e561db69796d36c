import type { Topology } from '../../src/platform/bus/topology.ts'
import { LEASE_TTL_MS, LEASES_BUCKET, MEMBERS_BUCKET } from './system.ts'

/** The runtime's KV buckets: partition leases and live workers, both expiring after LEASE_TTL_MS. */
export const actorsTopology: Partial<Topology> = {
  buckets: [
    { name: LEASES_BUCKET, ttlMs: LEASE_TTL_MS, history: 1 },
    { name: MEMBERS_BUCKET, ttlMs: LEASE_TTL_MS, history: 1 },
  ],
}
