/**
 * One client process of bench/gateway: holds COUNT connections to one server and reports, one JSON
 * line per command on stdout. Commands arrive as JSON lines on stdin:
 *   {"cmd":"open","count":n}          open n more connections (authenticated and subscribed), then {"opened":total}
 *   {"cmd":"report"}                  {"arrivals":{"<i>":{"n":count,"max":ms}}} for bench frames seen so far, then forgets them
 *   {"cmd":"dm", ...}                 (platform only) see run.ts
 * A bench frame carries `data.i` (its index) and `data.t` (when it was sent, ms since epoch).
 *
 * env: TARGET = platform | bare | socketio, URL, TOKENS (comma-separated, platform), CHANNEL (to subscribe)
 */
import { io, type Socket } from 'socket.io-client'
import { lines } from '../support.ts'

const TARGET = process.env.TARGET as 'platform' | 'bare' | 'socketio'
const URL_ = process.env.URL!
const TOKENS = (process.env.TOKENS ?? '').split(',').filter(Boolean)
const CHANNEL = process.env.CHANNEL ?? ''

const arrivals = new Map<number, { n: number; max: number; last: number }>()
let opened = 0
const sockets: (WebSocket | Socket)[] = []

function arrived(data: { i?: number; t?: number } | undefined) {
  if (typeof data?.i !== 'number' || typeof data.t !== 'number') return
  const now = Date.now()
  const latency = now - data.t
  const a = arrivals.get(data.i)
  if (a) {
    a.n++
    if (latency > a.max) a.max = latency
    a.last = now
  } else arrivals.set(data.i, { n: 1, max: latency, last: now })
}

function openPlatform(k: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${URL_.replace('http', 'ws')}/v1/gateway`)
    let stage = 0
    ws.onmessage = (e) => {
      const f = JSON.parse(String(e.data))
      if (f.op === 'hello') ws.send(JSON.stringify({ op: 'auth', token: TOKENS[k % TOKENS.length] }))
      else if (f.op === 'ready') {
        if (CHANNEL) ws.send(JSON.stringify({ op: 'subscribe', channel: CHANNEL }))
        else resolve()
        stage = 1
      } else if (f.op === 'subscribed' && stage === 1) resolve()
      else if (f.op === 'event') arrived(f.data)
      else if (f.op === 'error') reject(new Error(JSON.stringify(f)))
    }
    ws.onerror = () => reject(new Error('connect failed'))
    ws.onclose = (e) => {
      if (stage === 0) reject(new Error(`closed ${e.code}`))
    }
    sockets.push(ws)
    // Heartbeats, as a real client sends them, so the gateway does not close idle connections.
    setInterval(() => ws.readyState === 1 && ws.send('{"op":"ping"}'), 25_000)
  })
}

function openBare(): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${URL_.replace('http', 'ws')}/ws`)
    ws.onopen = () => resolve()
    ws.onmessage = (e) => arrived(JSON.parse(String(e.data)).data)
    ws.onerror = () => reject(new Error('connect failed'))
    sockets.push(ws)
  })
}

function openSocketIo(): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = io(URL_, { transports: ['websocket'], reconnection: false, timeout: 120_000 })
    s.on('joined', () => resolve())
    s.on('connect_error', (e) => reject(e))
    s.on('bench', (data: { i: number; t: number }) => arrived(data))
    sockets.push(s)
  })
}

async function open(count: number) {
  const opener = TARGET === 'platform' ? openPlatform : TARGET === 'bare' ? openBare : openSocketIo
  const parallel = TARGET === 'socketio' ? 50 : 200
  let next = 0
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const k = opened + next++
        await opener(k)
      }
    }),
  )
  opened += count
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
