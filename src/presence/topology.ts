import type { Topology } from '../platform/bus/topology.ts'

/** Presence as each UserActor last wrote it, read by REST (a day without change and it lapses: offline). */
export const PRESENCE_BUCKET = 'presence'

export const presenceTopology: Topology = {
  streams: [],
  consumers: [],
  buckets: [{ name: PRESENCE_BUCKET, ttlMs: 24 * 60 * 60_000, history: 1 }],
}
