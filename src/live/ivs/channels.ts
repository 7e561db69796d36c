import {
  type Channel,
  CreateChannelCommand,
  CreateStreamKeyCommand,
  DeleteChannelCommand,
  DeleteStreamKeyCommand,
  GetChannelCommand,
  GetStreamCommand,
  IvsClient,
  type IvsClientConfig,
  ListStreamKeysCommand,
  StopStreamCommand,
} from '@aws-sdk/client-ivs'

/** What a new IVS channel gives the streamer: where to push, with which key (shown once). */
export interface IvsChannel {
  channelArn: string
  /** RTMPS ingest URL (OBS "Server"); the stream key goes after it. */
  rtmpUrl: string
  streamKey: string
  /** IVS's own playback URL (public channels: the platform signs its own URLs instead when proxying). */
  playbackUrl: string
}

export interface IvsStreamState {
  live: boolean
  health?: string
  viewerCount?: number
  startTime?: string
}

export function ivsClient(opts: {
  region: string
  endpoint?: string
  credentials?: { accessKeyId: string; secretAccessKey: string }
}): IvsClient {
  const config: IvsClientConfig = { region: opts.region }
  if (opts.endpoint) config.endpoint = opts.endpoint
  if (opts.credentials) config.credentials = opts.credentials
  return new IvsClient(config)
}

/** IVS answers "not broadcasting" for a channel with no pusher: for stop and state, that is fine. */
function notBroadcasting(error: unknown): boolean {
  return (error as { name?: string }).name === 'ChannelNotBroadcasting'
}

function notFound(error: unknown): boolean {
  return (error as { name?: string }).name === 'ResourceNotFoundException'
}

/**
 * One IVS channel per live stream, through the official SDK: created with the stream (its latency
 * mode and, when recording, the account's recording configuration), its single stream key rotated
 * by deleting the old key and creating a new one (IVS allows one per channel) and cutting a pusher
 * still on the old key with StopStream (deleting a key does not end a stream already going).
 */
export class IvsChannels {
  constructor(
    private readonly client: IvsClient,
    private readonly opts: { recordingConfigurationArn?: string; channelType?: string },
  ) {}

  /**
   * A channel for a stream. With a recording configuration every channel records (IVS cannot
   * change it while live): a stream with `record` off simply has its recording not imported.
   */
  async create(input: { streamId: string; latencyMode: 'normal' | 'low' }): Promise<IvsChannel> {
    const created = await this.client.send(
      new CreateChannelCommand({
        name: `sf-${input.streamId}`,
        latencyMode: input.latencyMode === 'low' ? 'LOW' : 'NORMAL',
        type: (this.opts.channelType ?? 'STANDARD') as 'STANDARD',
        ...(this.opts.recordingConfigurationArn
          ? { recordingConfigurationArn: this.opts.recordingConfigurationArn }
          : {}),
        tags: { 'socialflow:stream': input.streamId },
      }),
    )
    const key = created.streamKey?.value
    if (!created.channel || !key) throw new Error('IVS CreateChannel answered without a channel or key')
    return { ...wireChannel(created.channel), streamKey: key }
  }

  /** The channel's ingest and playback addresses. */
  async describe(channelArn: string): Promise<Omit<IvsChannel, 'streamKey'>> {
    const { channel } = await this.client.send(new GetChannelCommand({ arn: channelArn }))
    if (!channel) throw new Error(`IVS GetChannel answered without channel ${channelArn}`)
    return wireChannel(channel)
  }

  /** A new stream key; the old one no longer works and a pusher on it is cut. */
  async rotateKey(channelArn: string): Promise<string> {
    const keys = await this.client.send(new ListStreamKeysCommand({ channelArn }))
    for (const key of keys.streamKeys ?? []) {
      if (key.arn)
        await this.client.send(new DeleteStreamKeyCommand({ arn: key.arn })).catch(ignore(notFound))
    }
    await this.stop(channelArn)
    const created = await this.client.send(new CreateStreamKeyCommand({ channelArn }))
    if (!created.streamKey?.value) throw new Error('IVS CreateStreamKey answered without a key')
    return created.streamKey.value
  }

  /** Cuts the pusher, if any. */
  async stop(channelArn: string): Promise<void> {
    await this.client.send(new StopStreamCommand({ channelArn })).catch(ignore(notBroadcasting))
  }

  /** Stops and removes the channel (the stream was deleted). */
  async remove(channelArn: string): Promise<void> {
    await this.stop(channelArn)
    await this.client.send(new DeleteChannelCommand({ arn: channelArn })).catch(ignore(notFound))
  }

  async state(channelArn: string): Promise<IvsStreamState> {
    try {
      const { stream } = await this.client.send(new GetStreamCommand({ channelArn }))
      return {
        live: stream?.state === 'LIVE',
        ...(stream?.health ? { health: stream.health } : {}),
        ...(stream?.viewerCount !== undefined ? { viewerCount: stream.viewerCount } : {}),
        ...(stream?.startTime ? { startTime: stream.startTime.toISOString() } : {}),
      }
    } catch (error) {
      if (notBroadcasting(error)) return { live: false }
      throw error
    }
  }

  close(): void {
    this.client.destroy()
  }
}

function wireChannel(channel: Channel): Omit<IvsChannel, 'streamKey'> {
  if (!channel.arn || !channel.ingestEndpoint)
    throw new Error('IVS answered with a channel without ARN or ingest')
  return {
    channelArn: channel.arn,
    rtmpUrl: `rtmps://${channel.ingestEndpoint}:443/app/`,
    playbackUrl: channel.playbackUrl ?? '',
  }
}

function ignore(test: (error: unknown) => boolean) {
  return (error: unknown) => {
    if (!test(error)) throw error
  }
}
