/**
 * One client process of bench/gateway: holds COUNT connections to one server and reports, one JSON
 * line per command on stdout. Commands arrive as JSON lines on stdin:
 *   {"cmd":"open","count":n}          open n more connections (authenticated and subscribed), then {"opened":total}
 *   {"cmd":"report"}                  {"arrivals":{"<i>":{"n":count,"max":ms}}} for bench frames seen so far, then forgets them
 *   {"cmd":"notified"}                {"notified":n,"last":ms since epoch,"open":n}: connections that got a notification
 *                                     (an event of type `notification`) since the last ask, the latest arrival, and
 *                                     how many connections are open now; then forgets them
 * A bench frame carries `data.i` (its index) and `data.t` (when it was sent, ms since epoch).
 *
 * The clients are lean (ws-client.ts) and the same for every server: bench frames are read for
 * their `i` and `t` without parsing the rest; the socket.io server is spoken to in its own wire
 * protocol (Engine.IO 4 packets over the WebSocket).
 *
 * env: TARGET = platform | bare | socketio, URL, TOKENS (comma-separated, platform) or TOKENS_FILE (a file of
 * them), CHANNEL (to subscribe)
 */
import { lines } from '../support.ts'
import { WsClient } from './ws-client.ts'

const TARGET = process.env.TARGET as 'platform' | 'bare' | 'socketio'
const URL_ = new URL(process.env.URL!)
// TOKENS, or TOKENS_FILE for more than an environment variable holds (bench/scale's thousand).
const TOKENS = (
  process.env.TOKENS_FILE
    ? require('node:fs').readFileSync(process.env.TOKENS_FILE, 'utf8')
    : (process.env.TOKENS ?? '')
)
  .split(',')
  .filter(Boolean)
const CHANNEL = process.env.CHANNEL ?? ''
const PATH = { platform: '/v1/gateway', bare: '/ws', socketio: '/socket.io/?EIO=4&transport=websocket' }[
  TARGET
]
/** Heartbeats, as a real platform client sends them, so the gateway does not close idle connections. */
const PING_EVERY_MS = 25_000

const arrivals = new Map<number, { n: number; max: number; last: number }>()
let opened = 0
let notified = 0
let lastNotified = 0
const clients: Client[] = []

/**
 * A bench frame's `"i":` and `"t":` numbers, read where they stand in the text; or, in a chat
 * message (bench/live/chat.ts), its text `"b:<i>:<t>"`.
 */
function arrived(text: string) {
  let i: number
  let t: number
  const at = text.indexOf('"i":')
  const tAt = text.indexOf('"t":', at)
  if (at >= 0 && tAt >= 0) {
    i = Number.parseInt(text.slice(at + 4, at + 24), 10)
    t = Number.parseInt(text.slice(tAt + 4, tAt + 24), 10)
  } else {
    const chat = text.indexOf('"text":"b:')
    if (chat < 0) return
    const [iText, tText] = text.slice(chat + 10, chat + 60).split(':')
    i = Number.parseInt(iText ?? '', 10)
    t = Number.parseInt(tText ?? '', 10)
    if (!Number.isFinite(i) || !Number.isFinite(t)) return
  }
  const now = Date.now()
  const latency = now - t
  const a = arrivals.get(i)
  if (a) {
    a.n++
    if (latency > a.max) a.max = latency
    a.last = now
  } else arrivals.set(i, { n: 1, max: latency, last: now })
}

/** One connection: authenticated and subscribed (platform), joined (socket.io), or just open (bare). */
class Client {
  ws!: WsClient
  stage = 0
  notified = false
  constructor(
    readonly k: number,
    private readonly resolve: () => void,
    private readonly reject: (e: Error) => void,
  ) {}

  upgraded() {
    if (TARGET === 'bare') this.ready()
  }

  text(text: string) {
    if (TARGET === 'socketio') {
      if (text.startsWith('42["bench"')) arrived(text)
      else if (text === '2') this.ws.send('3')
      else if (text.startsWith('0{')) this.ws.send('40')
      else if (text.startsWith('42["joined"')) this.ready()
      return
    }
    if (text.startsWith('{"op":"event"')) {
      if (!this.notified && text.includes('"type":"notification"')) {
        this.notified = true
        notified++
        lastNotified = Date.now()
      }
      return arrived(text)
    }
    if (TARGET !== 'platform') return
    const f = JSON.parse(text) as { op: string }
    if (f.op === 'hello') this.ws.send(JSON.stringify({ op: 'auth', token: TOKENS[this.k % TOKENS.length] }))
    else if (f.op === 'ready') {
      this.stage = 1
      if (CHANNEL) this.ws.send(JSON.stringify({ op: 'subscribe', channel: CHANNEL }))
      else this.ready()
    } else if (f.op === 'subscribed' && this.stage === 1) this.ready()
    else if (f.op === 'error') this.ended(text)
  }

  private ready() {
    this.stage = 2
    this.resolve()
  }

  ended(why: string) {
    if (this.stage < 2) this.reject(new Error(why))
    this.stage = 3
  }
}

function openOne(k: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const client = new Client(k, resolve, reject)
    clients.push(client)
    client.ws = WsClient.connect(URL_, PATH, client)
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
      if (clients[j]!.stage === 2) clients[j]!.ws.send('{"op":"ping"}')
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
  } else if (cmd.cmd === 'notified') {
    const open = clients.filter((c) => c.stage === 2).length
    console.log(JSON.stringify({ notified, last: lastNotified, open }))
    notified = 0
    for (const c of clients) c.notified = false
  } else if (cmd.cmd === 'exit') process.exit(0)
}
