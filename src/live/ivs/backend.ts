import type { BackendStream, Ingest, LiveBackend } from '../backend.ts'
import type { IvsChannels } from './channels.ts'

/**
 * Live streams carried by AWS IVS: one IVS channel per stream (its ARN is the stream's
 * `backendRef`), pushed by the streamer to IVS's RTMPS ingest with IVS's key. The key is IVS's,
 * shown once and kept hashed like ours; `keyPrefix` (unique per stream) is derived from the stream
 * id since IVS keys are never looked up here: IVS itself checks them at its ingest. What happens on
 * the wire comes back through the EventBridge webhook and the monitor's GetStream polls.
 */
export class IvsBackend implements LiveBackend {
  readonly name = 'ivs'

  constructor(private readonly channels: IvsChannels) {}

  async create(stream: BackendStream): Promise<Ingest> {
    const channel = await this.channels.create({ streamId: stream.id, latencyMode: stream.latencyMode })
    return {
      rtmpUrl: channel.rtmpUrl,
      streamKey: channel.streamKey,
      keyPrefix: ivsKeyPrefix(stream.id),
      backendRef: channel.channelArn,
    }
  }

  async rotateKey(stream: BackendStream): Promise<Ingest> {
    const channelArn = this.channelOf(stream)
    const streamKey = await this.channels.rotateKey(channelArn)
    const channel = await this.channels.describe(channelArn)
    return { rtmpUrl: channel.rtmpUrl, streamKey, keyPrefix: ivsKeyPrefix(stream.id), backendRef: channelArn }
  }

  async stop(stream: BackendStream): Promise<void> {
    if (stream.backendRef) await this.channels.stop(stream.backendRef)
  }

  async remove(stream: BackendStream): Promise<void> {
    if (stream.backendRef) await this.channels.remove(stream.backendRef)
  }

  async close(): Promise<void> {
    this.channels.close()
  }

  private channelOf(stream: BackendStream): string {
    if (!stream.backendRef) throw new Error(`stream ${stream.id} has no IVS channel`)
    return stream.backendRef
  }
}

/** Unique per stream, and never shaped like a local key (`sk_...`), so the local ingest refuses it. */
export function ivsKeyPrefix(streamId: string): string {
  return `ivs_${streamId.replaceAll('-', '')}`
}
