import type { Bus } from '../platform/bus/connect.ts'
import type { BackendStream, Ingest, LiveBackend } from './backend.ts'
import { newStreamKey } from './keys.ts'

/** Subject suffix on which ingest nodes hear that a stream's pusher must be cut. */
export const CUT_SUBJECT = 'live_ingest.cut'

/**
 * The local backend: streamers push RTMP to the ingest of a worker (`LIVE_RTMP_PORT`), which
 * checks the key against the table and makes HLS with ffmpeg. Keys are ours; cutting a pusher is
 * a message every ingest node hears (whichever holds it closes it).
 */
export class LocalBackend implements LiveBackend {
  readonly name = 'local'

  constructor(
    private readonly bus: Bus,
    /** LIVE_RTMP_URL, or the ingest's own address. */
    private readonly rtmpUrl: () => string,
  ) {}

  async create(stream: BackendStream): Promise<Ingest> {
    return { ...newStreamKey(stream.id), rtmpUrl: this.rtmpUrl(), backendRef: null }
  }

  async rotateKey(stream: BackendStream): Promise<Ingest> {
    return this.create(stream)
  }

  async stop(stream: BackendStream): Promise<void> {
    this.bus.nc.publish(this.bus.subject(`${CUT_SUBJECT}.${stream.id}`))
  }

  async remove(stream: BackendStream): Promise<void> {
    await this.stop(stream)
  }

  async close(): Promise<void> {}
}
