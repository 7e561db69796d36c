import { decode, encode } from '@msgpack/msgpack'

export type Frame = Record<string, unknown>

/** A gateway client for tests: frames queue up and are taken in order with `next` or `until`. */
export interface WsClient {
  ws: WebSocket
  /** The next frame (waits up to `ms`). */
  next(ms?: number): Promise<Frame>
  /** Skips frames until one matches (waits up to `ms` in all). */
  until(match: (f: Frame) => boolean, ms?: number): Promise<Frame>
  send(frame: Frame): void
  closed: Promise<CloseEvent>
  close(): Promise<void>
}

export async function connectWs(
  baseUrl: string,
  opts: { encoding?: 'json' | 'msgpack' } = {},
): Promise<WsClient> {
  const encoding = opts.encoding ?? 'json'
  const ws = new WebSocket(
    `${baseUrl.replace('http', 'ws')}/v1/gateway${encoding === 'msgpack' ? '?encoding=msgpack' : ''}`,
  )
  ws.binaryType = 'arraybuffer'
  const queue: Frame[] = []
  const waiting: ((f: Frame) => void)[] = []
  ws.addEventListener('message', (e) => {
    const frame = (
      typeof e.data === 'string' ? JSON.parse(e.data) : decode(new Uint8Array(e.data as ArrayBuffer))
    ) as Frame
    const waiter = waiting.shift()
    if (waiter) waiter(frame)
    else queue.push(frame)
  })
  const closed = new Promise<CloseEvent>((resolve) => ws.addEventListener('close', resolve))
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve)
    ws.addEventListener('error', reject)
  })
  const next = (ms = 5000) =>
    queue.length > 0
      ? Promise.resolve(queue.shift()!)
      : new Promise<Frame>((resolve, reject) => {
          const timer = setTimeout(() => {
            waiting.splice(waiting.indexOf(waiter), 1)
            reject(new Error(`no frame within ${ms} ms`))
          }, ms)
          const waiter = (f: Frame) => {
            clearTimeout(timer)
            resolve(f)
          }
          waiting.push(waiter)
        })
  return {
    ws,
    next,
    async until(match, ms = 5000) {
      const deadline = Date.now() + ms
      for (;;) {
        const frame = await next(Math.max(1, deadline - Date.now()))
        if (match(frame)) return frame
      }
    },
    send: (frame) => ws.send(encoding === 'json' ? JSON.stringify(frame) : encode(frame)),
    closed,
    async close() {
      ws.close()
      await closed
    },
  }
}

/** Connects and authenticates; resolves once `ready` has arrived. */
export async function connectAs(
  baseUrl: string,
  token: string,
  opts: { encoding?: 'json' | 'msgpack' } = {},
) {
  const client = await connectWs(baseUrl, opts)
  await client.next() // hello
  client.send({ op: 'auth', token })
  const ready = await client.next()
  if (ready.op !== 'ready') throw new Error(`auth answered ${JSON.stringify(ready)}`)
  return { client, ready }
}
