/**
 * bench/gateway's limit: bare Bun.serve holding WebSockets in one topic and publishing the same
 * frames the platform sends (each serialised once). POST /publish?n=&gapMs= sends n frames.
 */
import { sendPaced } from './paced.ts'

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
  fetch(request, srv) {
    const url = new URL(request.url)
    if (url.pathname === '/ws') return srv.upgrade(request) ? undefined : new Response('no', { status: 400 })
    if (url.pathname === '/healthz') return new Response('ok')
    if (url.pathname === '/publish') {
      const n = Number(url.searchParams.get('n') ?? 1)
      const gapMs = Number(url.searchParams.get('gapMs') ?? 0)
      const from = Number(url.searchParams.get('from') ?? 0)
      void sendPaced('room', n, gapMs, from, (frame) => srv.publish('room', frame))
      return new Response('ok')
    }
    return new Response('not found', { status: 404 })
  },
  websocket: {
    open(ws) {
      ws.subscribe('room')
    },
    message() {},
  },
})
process.on('SIGUSR2', () => Bun.gc(true))
console.log(JSON.stringify({ msg: 'node started', url: `http://127.0.0.1:${server.port}` }))
