/**
 * The benchmark's WebSocket client: RFC 6455 over a plain TCP socket (the upgrade request, masked
 * text frames out, frames in), with nothing else. The clients share the machine's cores with the
 * servers they measure, so they are kept lean and the same for every server: a browser-grade
 * client (Bun's WebSocket, socket.io-client) costs about twice the CPU per frame, which on a
 * shared machine shows up as the server's latency.
 */
import type { Socket } from 'bun'

export interface WsHandlers {
  /** The server accepted the upgrade. */
  upgraded?(): void
  /** A text frame. */
  text(text: string): void
  /** The connection ended (a close frame, the socket closing, an error), before or after the upgrade. */
  ended(why: string): void
}

const decoder = new TextDecoder()

export class WsClient {
  private socket: Socket<WsClient> | undefined
  private pending: Uint8Array | undefined
  private upgraded = false

  private constructor(
    private readonly url: URL,
    private readonly path: string,
    private readonly handlers: WsHandlers,
  ) {}

  /** Connects to `url` (http://host:port) and asks for the WebSocket at `path`. */
  static connect(url: URL, path: string, handlers: WsHandlers): WsClient {
    const client = new WsClient(url, path, handlers)
    void Bun.connect<WsClient>({
      hostname: url.hostname,
      port: Number(url.port),
      data: client,
      socket: {
        open: (s) => s.data.opened(s),
        data: (s, chunk) => s.data.received(chunk),
        close: (s) => s.data.handlers.ended('connection closed'),
        error: (s, e) => s.data.handlers.ended(String(e)),
      },
    }).catch((e) => handlers.ended(String(e)))
    return client
  }

  /** A text frame, masked as a client's must be. */
  send(text: string): void {
    this.write(0x1, Buffer.from(text))
  }

  /** A frame of `opcode` (final, masked). */
  private write(opcode: number, payload: Uint8Array): void {
    const n = payload.length
    const head = n < 126 ? 2 : 4
    const frame = new Uint8Array(head + 4 + n)
    frame[0] = 0x80 | opcode
    if (n < 126) frame[1] = 0x80 | n
    else {
      frame[1] = 0x80 | 126
      frame[2] = n >> 8
      frame[3] = n & 255
    }
    const mask = crypto.getRandomValues(new Uint8Array(4))
    frame.set(mask, head)
    for (let j = 0; j < n; j++) frame[head + 4 + j] = payload[j]! ^ mask[j & 3]!
    this.socket?.write(frame)
  }

  close(): void {
    this.socket?.end()
  }

  private opened(socket: Socket<WsClient>) {
    this.socket = socket
    const key = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')
    socket.write(
      `GET ${this.path} HTTP/1.1\r\nHost: ${this.url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    )
  }

  private received(chunk: Uint8Array) {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk
    this.pending = undefined
    if (!this.upgraded) {
      const end = Buffer.from(buf.buffer, buf.byteOffset, buf.length).indexOf('\r\n\r\n')
      if (end < 0) {
        this.pending = buf
        return
      }
      if (!decoder.decode(buf.subarray(0, 12)).includes(' 101'))
        return this.handlers.ended(`upgrade refused: ${decoder.decode(buf.subarray(0, 200))}`)
      this.upgraded = true
      this.handlers.upgraded?.()
      buf = buf.subarray(end + 4)
    }
    let at = 0
    while (buf.length - at >= 2) {
      const opcode = buf[at]! & 0x0f
      let length = buf[at + 1]! & 0x7f
      let head = 2
      if (length === 126) {
        if (buf.length - at < 4) break
        length = (buf[at + 2]! << 8) | buf[at + 3]!
        head = 4
      } else if (length === 127) {
        if (buf.length - at < 10) break
        length = Number(Buffer.from(buf.buffer, buf.byteOffset + at + 2, 8).readBigUInt64BE())
        head = 10
      }
      if (buf.length - at < head + length) break
      const payload = buf.subarray(at + head, at + head + length)
      at += head + length
      if (opcode === 1) this.handlers.text(decoder.decode(payload))
      else if (opcode === 8) this.handlers.ended(`closed ${(payload[0]! << 8) | payload[1]!}`)
      // A ping is answered, as every client must: servers close connections that stay silent.
      else if (opcode === 9) this.write(0xa, payload)
    }
    if (at < buf.length) this.pending = buf.slice(at)
  }
}
