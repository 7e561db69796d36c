/**
 * The parts of node-media-server 4 the RTMP ingest uses (the package ships JavaScript with JSDoc,
 * no declarations): its RTMP session (handshake, chunking, AMF commands), the broadcast a
 * publisher feeds, and the process-wide event emitter of `prePublish` / `donePublish`.
 */
declare module 'node-media-server/src/session/base_session.js' {
  export default class BaseSession {
    id: string
    ip: string
    protocol: string
    streamApp: string
    streamName: string
    streamPath: string
    isPublisher: boolean
    inBytes: number
    videoCodec: number | string
    videoWidth: number
    videoHeight: number
    videoFramerate: number
    audioCodec: number | string
    sendBuffer: (buffer: Buffer) => void
    close: () => void
  }
}

declare module 'node-media-server/src/server/broadcast_server.js' {
  import type BaseSession from 'node-media-server/src/session/base_session.js'
  export default class BroadcastServer {
    publisher: BaseSession | null
    flvVideoHeader: Buffer | null
    flvAudioHeader: Buffer | null
    /** Adds a subscriber (sends it the FLV header, metadata, codec headers and the GOP so far). */
    postPlay(session: BaseSession): string | null
    donePlay(session: BaseSession): void
  }
}

declare module 'node-media-server/src/session/rtmp_session.js' {
  import type { Socket } from 'node:net'
  import type BroadcastServer from 'node-media-server/src/server/broadcast_server.js'
  import type BaseSession from 'node-media-server/src/session/base_session.js'
  export default class RtmpSession extends BaseSession {
    constructor(socket: Socket)
    socket: Socket
    broadcast: BroadcastServer
    run(): void
  }
}

declare module 'node-media-server/src/core/context.js' {
  import type { EventEmitter } from 'node:events'

  const Context: { eventEmitter: EventEmitter }
  export default Context
}

declare module 'node-media-server/src/core/logger.js' {
  const logger: { level: string }
  export default logger
}
