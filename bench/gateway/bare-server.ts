/**
 * bench/gateway's limit: bare Bun.serve holding WebSockets in one topic. The frames come as the
 * platform's do, over NATS (subject BENCH_SUBJECT), and each is written to the topic as it came
 * (serialised once), so every server is timed from the same moment: the bench's publish.
 */
import { connect } from '@nats-io/transport-node'

const nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' })
const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
  fetch(request, srv) {
    const url = new URL(request.url)
    if (url.pathname === '/ws') return srv.upgrade(request) ? undefined : new Response('no', { status: 400 })
    if (url.pathname === '/healthz') return new Response('ok')
    return new Response('not found', { status: 404 })
  },
  websocket: {
    open(ws) {
      ws.subscribe('room')
    },
    message() {},
  },
})
nc.subscribe(process.env.BENCH_SUBJECT!, {
  callback: (_, msg) => {
    server.publish('room', msg.string())
  },
})
await nc.flush()
process.on('SIGUSR2', () => Bun.gc(true))
console.log(JSON.stringify({ msg: 'node started', url: `http://127.0.0.1:${server.port}` }))
