/**
 * bench/gateway/dm-ratio.ts's baseline: the least a cross-node direct message needs, with nothing
 * of the platform's. Two of these run, like two gateway nodes:
 *
 * - `DM_ROLE=send`: a sender's WebSocket frame `{conversationId, clientId, text}` is inserted
 *   into PostgreSQL with postgres.js (one statement, unique per conversation and client id, as the
 *   platform's idempotent send is), published on NATS, and acknowledged to the sender.
 * - `DM_ROLE=deliver`: a recipient connects to `/ws?c=<conversation>`; each NATS message is
 *   written to that conversation's topic as it came (serialised once, by the sender's node).
 *
 * No authentication, membership checks, rate limits, outbox or read models: the limit a real
 * pipeline on the same parts (Bun, postgres.js, NATS) cannot beat.
 */
import { connect } from '@nats-io/transport-node'
import postgres from 'postgres'

const role = process.env.DM_ROLE
const subject = process.env.BENCH_SUBJECT!
const nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' })
const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} })

interface Data {
  conversation?: string
}

const server = Bun.serve<Data, never>({
  hostname: '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
  fetch(request, srv) {
    const url = new URL(request.url)
    if (url.pathname === '/ws')
      return srv.upgrade(request, { data: { conversation: url.searchParams.get('c') ?? undefined } })
        ? undefined
        : new Response('no', { status: 400 })
    if (url.pathname === '/healthz') return new Response('ok')
    return new Response('not found', { status: 404 })
  },
  websocket: {
    open(ws) {
      if (role === 'deliver' && ws.data.conversation) ws.subscribe(ws.data.conversation)
    },
    async message(ws, raw) {
      if (role !== 'send') return
      const m = JSON.parse(String(raw)) as { conversationId: string; clientId: string; text: string }
      const [row] = await sql`
        insert into bench_dm (conversation_id, client_id, text) values (${m.conversationId}, ${m.clientId}, ${m.text})
        on conflict (conversation_id, client_id) do nothing
        returning id, created_at`
      if (!row) return
      const event = JSON.stringify({
        op: 'event',
        channel: `dm:${m.conversationId}`,
        data: {
          id: String(row.id),
          conversationId: m.conversationId,
          text: m.text,
          createdAt: row.created_at,
        },
      })
      nc.publish(`${subject}.${m.conversationId}`, event)
      ws.send(JSON.stringify({ op: 'message.sent', clientId: m.clientId, id: String(row.id) }))
    },
  },
})
if (role === 'deliver') {
  nc.subscribe(`${subject}.>`, {
    callback: (_, msg) => {
      server.publish(msg.subject.slice(subject.length + 1), msg.string())
    },
  })
  await nc.flush()
}
console.log(JSON.stringify({ msg: 'node started', url: `http://127.0.0.1:${server.port}` }))
