// bench/gateway's comparison: socket.io 4 on Node, clients in one room. The frames come as the
// platform's do, over NATS (subject BENCH_SUBJECT); each is emitted to the room (socket.io encodes
// a broadcast once), so every server is timed from the same moment: the bench's publish.
import { createServer } from 'node:http'
import { connect } from '@nats-io/transport-node'
import { Server } from 'socket.io'

const nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' })
const http = createServer((req, res) => {
  if (req.url === '/healthz') return res.end('ok')
  res.statusCode = 404
  res.end()
})
const io = new Server(http, { transports: ['websocket'] })
io.on('connection', (socket) => {
  socket.join('room')
  socket.emit('joined')
})
nc.subscribe(process.env.BENCH_SUBJECT, {
  callback: (_, msg) => io.to('room').emit('bench', msg.json().data),
})
await nc.flush()
process.on('SIGUSR2', () => global.gc?.())
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'node started', url: `http://127.0.0.1:${http.address().port}` }))
})
