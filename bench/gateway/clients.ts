/**
 * One client process of bench/gateway: holds COUNT connections to one server and reports, one JSON
 * line per command on stdout. Commands arrive as JSON lines on stdin:
 *   {"cmd":"open","count":n}          open n more connections (authenticated and subscribed), then {"opened":total}
 *   {"cmd":"report"}                  {"arrivals":{"<i>":{"n":count,"max":ms}}} for bench frames seen so far, then forgets them
 * A bench frame carries `data.i` (its index) and `data.t` (when it was sent, ms since epoch).
 *
 * The clients share the machine's cores with the server they measure, so they are kept lean, the
 * same for every server: WebSocket over plain TCP sockets (RFC 6455 framing written here, a few
 * lines), bench frames read for their `i` and `t` without parsing the rest, the socket.io server
 * spoken to in its own wire protocol (Engine.IO 4 packets over the WebSocket). A browser-grade
 * client costs about twice as much CPU per frame, which on a shared machine shows up as the
 * server's latency.
 *
 * env: TARGET = platform | bare | socketio, URL, TOKENS (comma-separated, platform), CHANNEL (to subscribe)
 */
import type { Socket } from 'bun'
import { lines } from '../support.ts'

const TARGET = process.env.TARGET as 'platform' | 'bare' | 'socketio'
const URL_ = new URL(process.env.URL!)
const TOKENS = (process.env.TOKENS ?? '').split(',').filter(Boolean)
const CHANNEL = process.env.CHANNEL ?? ''
const PATH = { platform: '/v1/gateway', bare: '/ws', socketio: '/socket.io/?EIO=4&transport=websocket' }[
  TARGET
]
/** Heartbeats, as a real platform client sends them, so the gateway does not close idle connections. */
const PING_EVERY_MS = 25_000

const arrivals = new Map<number, { n: number; max: number; last: number }>()
let opened = 0
const clients: Client[] = []
const decoder = new TextDecoder()

/** A bench frame's `"i":` and `"t":` numbers, read where they stand in the text. */
function arrived(text: string) {
  const at = text.indexOf('"i":')
  const tAt = text.indexOf('"t":', at)
  if (at < 0 || tAt < 0) return
  const i = Number.parseInt(text.slice(at + 4, at + 24), 10)
  const t = Number.parseInt(text.slice(tAt + 4, tAt + 24), 10)
  const now = Date.now()
  const latency = now - t
  const a = arrivals.get(i)
  if (a) {
    a.n++
    if (latency > a.max) a.max = latency
    a.last = now
  } else arrivals.set(i, { n: 1, max: latency, last: now })
}

/** A WebSocket client over one TCP socket: the upgrade, then frames (masked, as a client's must be). */
class Client {
  socket!: Socket<Client>
  private pending: Uint8Array | undefined
  private upgraded = false
  stage = 0
  constructor(
    readonly k: number,
    private readonly resolve: () => void,
    private readonly reject: (e: Error) => void,
  ) {}

  handshake() {
    const key = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')
    this.socket.write(
      `GET ${PATH} HTTP/1.1\r\nHost: ${URL_.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    )
  }

  send(text: string) {
    const payload = Buffer.from(text)
    const n = payload.length
    const head = n < 126 ? 2 : 4
    const frame = new Uint8Array(head + 4 + n)
    frame[0] = 0x81
    if (n < 126) frame[1] = 0x80 | n
    else {
      frame[1] = 0x80 | 126
      frame[2] = n >> 8
      frame[3] = n & 255
    }
    const mask = crypto.getRandomValues(new Uint8Array(4))
    frame.set(mask, head)
    for (let j = 0; j < n; j++) frame[head + 4 + j] = payload[j]! ^ mask[j & 3]!
    this.socket.write(frame)
  }

  data(chunk: Uint8Array) {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk
    this.pending = undefined
    if (!this.upgraded) {
      const end = Buffer.from(buf.buffer, buf.byteOffset, buf.length).indexOf('\r\n\r\n')
      if (end < 0) {
        this.pending = buf
        return
      }
      const status = decoder.decode(buf.subarray(0, 12))
      if (!status.includes(' 101'))
        return this.fail(`upgrade refused: ${decoder.decode(buf.subarray(0, 200))}`)
      this.upgraded = true
      if (TARGET === 'bare') this.ready()
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
      if (opcode === 1) this.text(decoder.decode(payload))
      else if (opcode === 8) this.fail(`closed ${(payload[0]! << 8) | payload[1]!}`)
    }
    if (at < buf.length) this.pending = buf.slice(at)
  }

  private text(text: string) {
    if (TARGET === 'socketio') {
      if (text.startsWith('42["bench"')) arrived(text)
      else if (text === '2') this.send('3')
      else if (text.startsWith('0{')) this.send('40')
      else if (text.startsWith('42["joined"')) this.ready()
      return
    }
    if (text.startsWith('{"op":"event"')) return arrived(text)
    if (TARGET !== 'platform') return
    const f = JSON.parse(text) as { op: string }
    if (f.op === 'hello') this.send(JSON.stringify({ op: 'auth', token: TOKENS[this.k % TOKENS.length] }))
    else if (f.op === 'ready') {
      this.stage = 1
      if (CHANNEL) this.send(JSON.stringify({ op: 'subscribe', channel: CHANNEL }))
      else this.ready()
    } else if (f.op === 'subscribed' && this.stage === 1) this.ready()
    else if (f.op === 'error') this.fail(text)
  }

  private ready() {
    this.stage = 2
    this.resolve()
  }

  fail(why: string) {
    if (this.stage < 2) this.reject(new Error(why))
  }
}

function openOne(k: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const client = new Client(k, resolve, reject)
    clients.push(client)
    void Bun.connect<Client>({
      hostname: URL_.hostname,
      port: Number(URL_.port),
      data: client,
      socket: {
        open(s) {
          s.data.socket = s
          s.data.handshake()
        },
        data(s, chunk) {
          s.data.data(chunk)
        },
        close(s) {
          s.data.fail('connection closed')
        },
        error(s, e) {
          s.data.fail(String(e))
        },
      },
    }).catch(reject)
  })
}

async function open(count: number) {
  const parallel = 200
  let next = 0
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const k = opened + next++
        await openOne(k)
      }
    }),
  )
  opened += count
}

// Each second, a 25th of the platform connections sends its heartbeat (spread, as real clients'
// are, rather than all at once).
if (TARGET === 'platform') {
  let turn = 0
  const slices = PING_EVERY_MS / 1000
  setInterval(() => {
    for (let j = turn; j < clients.length; j += slices)
      if (clients[j]!.stage === 2) clients[j]!.send('{"op":"ping"}')
    turn = (turn + 1) % slices
  }, 1000)
}

for await (const line of lines(Bun.stdin.stream())) {
  const cmd = JSON.parse(line) as { cmd: string; count?: number }
  if (cmd.cmd === 'open') {
    await open(cmd.count ?? 0)
    console.log(JSON.stringify({ opened }))
  } else if (cmd.cmd === 'report') {
    console.log(JSON.stringify({ arrivals: Object.fromEntries(arrivals) }))
    arrivals.clear()
  } else if (cmd.cmd === 'exit') process.exit(0)
}
