// bench/gateway's comparison: socket.io 4 on Node, clients in one room, the same frames.
// POST /publish?n=&gapMs=&from= emits n frames to the room.
import { createServer } from 'node:http'
import { Server } from 'socket.io'

const http = createServer((req, res) => {
  const url = new URL(req.url, 'http://x')
  if (url.pathname === '/healthz') return res.end('ok')
  if (url.pathname === '/publish') {
    const n = Number(url.searchParams.get('n') ?? 1)
    const gapMs = Number(url.searchParams.get('gapMs') ?? 0)
    const from = Number(url.searchParams.get('from') ?? 0)
    ;(async () => {
      const start = performance.now()
      for (let i = 0; i < n; i++) {
        io.to('room').emit('bench', { i: from + i, t: Date.now() })
        // Frames due every gapMs from the start, as paced.ts sends them (this file runs on Node).
        if (gapMs)
          await new Promise((r) => setTimeout(r, Math.max(0, start + (i + 1) * gapMs - performance.now())))
        else if (i % 20 === 19) await new Promise((r) => setImmediate(r))
      }
    })()
    return res.end('ok')
  }
  res.statusCode = 404
  res.end()
})
const io = new Server(http, { transports: ['websocket'] })
io.on('connection', (socket) => {
  socket.join('room')
  socket.emit('joined')
})
process.on('SIGUSR2', () => global.gc?.())
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'node started', url: `http://127.0.0.1:${http.address().port}` }))
})
