/**
 * The node's server on uWebSockets.js (GATEWAY_RUNTIME=node-uws, under Node 20): WebSockets at the
 * gateway path go to the same Gateway and protocol core as on Bun's server; every other request
 * (/healthz, /readyz, /metrics, refusals) is made a fetch Request and handed to the same HTTP
 * pipeline. Loaded only under Node (the package is a native addon for Node's ABI).
 */
import { STATUS_CODES } from 'node:http'
import { createRequire } from 'node:module'
import type * as Uws from '@trufflesuite/uws-js-unofficial'
import { problemResponse, problems, toProblem } from '../platform/errors.ts'
import type { FetchHandler, PeerSource } from '../platform/http/pipeline.ts'
import { hasValidHost, pathOf } from '../platform/http/pipeline.ts'
import type { Logger } from '../platform/logger.ts'
import type { Connection, Encoding } from './core.ts'
import { BACKPRESSURE_LIMIT, GATEWAY_PATH, type Gateway, type HeldSocket, IDLE_TIMEOUT_S } from './gateway.ts'

/** What node.ts needs of a listening server, Bun's or this one. */
export interface Listener {
  port: number
  /** Stops accepting connections; `force` also ends the open ones. */
  stop(force: boolean): Promise<void> | void
}

type UwsModule = typeof Uws

/**
 * The uWebSockets.js addon. Its package falls back to a slow pure-JS implementation, with a mere
 * warning, when no binary fits this Node: that is refused here instead (Node 20 is the newest it
 * has binaries for).
 */
export function loadUws(): UwsModule {
  const require = createRequire(import.meta.url)
  const binary = `@trufflesuite/uws-js-unofficial/binaries/uws_${process.platform}_${process.arch}_${process.versions.modules}.node`
  try {
    return require(binary) as UwsModule
  } catch (error) {
    throw new Error(
      `GATEWAY_RUNTIME=node-uws: uWebSockets.js has no binary for Node ${process.version} on ${process.platform}-${process.arch} (it has them for Node 16, 18 and 20): ${(error as Error).message}`,
    )
  }
}

const decoder = new TextDecoder()

/** A socket on uWebSockets.js: the core's view of it. A closed uWS socket throws on any use, so calls after its close do nothing. */
class UwsSocket implements HeldSocket {
  ws: Uws.WebSocket<{ socket: UwsSocket }> | undefined
  conn?: Connection
  closed = false

  constructor(
    readonly encoding: Encoding,
    readonly address: string,
  ) {}

  /** uWS: 1 sent, 0 queued behind unsent data, 2 dropped (past the limit). */
  send(frame: string | Uint8Array): boolean {
    const ws = this.ws
    if (this.closed || !ws) return false
    return ws.send(frame, typeof frame !== 'string') !== 2 && ws.getBufferedAmount() <= BACKPRESSURE_LIMIT
  }

  backlogged(): boolean {
    return !this.closed && (this.ws?.getBufferedAmount() ?? 0) > BACKPRESSURE_LIMIT
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.closed = true
    this.ws?.end(code, reason)
  }

  subscribe(topic: string): void {
    if (!this.closed) this.ws?.subscribe(topic)
  }

  unsubscribe(topic: string): void {
    if (!this.closed) this.ws?.unsubscribe(topic)
  }
}

/** The peer's address as Bun's `requestIP` gives it (uWS writes IPv4 peers as IPv4-mapped IPv6). */
function peerOf(res: Uws.HttpResponse): PeerSource {
  const text = decoder.decode(res.getRemoteAddressAsText())
  const address = text.startsWith('::ffff:') ? text.slice(7) : text
  return {
    requestIP: () => ({ address, family: address.includes(':') ? 'IPv6' : 'IPv4', port: 0 }),
  }
}

/** The request line and headers, read while uWS lets them be (during the handler's synchronous part). */
function readRequest(req: Uws.HttpRequest, fallbackHost: string) {
  const headers = new Headers()
  req.forEach((name, value) => {
    headers.append(name, value)
  })
  const query = req.getQuery()
  const host = headers.get('host')
  // A Host the pipeline refuses (400) cannot make a URL: the request is still built, to be refused.
  const hostForUrl =
    host !== null && hasValidHost(new Request('http://x', { headers: { host } })) ? host : fallbackHost
  const url = `http://${hostForUrl}${req.getUrl()}${query ? `?${query}` : ''}`
  return { method: req.getCaseSensitiveMethod(), url, headers }
}

/** Writes a fetch Response to a uWS response (corked: one write to the socket). */
async function writeResponse(res: Uws.HttpResponse, response: Response, state: { aborted: boolean }) {
  const body = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined
  if (state.aborted) return
  res.cork(() => {
    res.writeStatus(`${response.status} ${response.statusText || STATUS_CODES[response.status] || 'Status'}`)
    response.headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'transfer-encoding') res.writeHeader(name, value)
    })
    res.end(body)
  })
}

/** The body of a request, up to `limit` bytes (undefined past it). */
function readBody(res: Uws.HttpResponse, limit: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    const parts: Uint8Array[] = []
    let size = 0
    res.onData((chunk, last) => {
      if (size < 0) return
      size += chunk.byteLength
      if (size > limit) {
        size = -1
        resolve(undefined)
        return
      }
      parts.push(new Uint8Array(chunk.slice(0)))
      if (last) resolve(Buffer.concat(parts))
    })
  })
}

export interface UwsServerOptions {
  host: string
  port: number
  gateway: Gateway | undefined
  /** The HTTP pipeline (ops routes, refusals). */
  handle: FetchHandler
  maxRequestBodySize: number
  maxPayloadBytes: number
  log: Logger
}

/** Listens with uWebSockets.js; resolves once listening (rejects with EADDRINUSE's code when the port is taken). */
export function serveUws(opts: UwsServerOptions): Promise<Listener> {
  const uws = loadUws()
  const app = uws.App()
  const { gateway, handle } = opts
  const fallbackHost = `${opts.host}:${opts.port}`

  /** A request for the pipeline (or the gateway's refusal), answered once it has been handled. */
  const answer = (res: Uws.HttpResponse, req: Uws.HttpRequest) => {
    const state = { aborted: false }
    res.onAborted(() => {
      state.aborted = true
    })
    const { method, url, headers } = readRequest(req, fallbackHost)
    const peer = peerOf(res)
    void (async () => {
      const hasBody = method !== 'GET' && method !== 'HEAD'
      const body = hasBody ? await readBody(res, opts.maxRequestBodySize) : undefined
      if (state.aborted) return
      if (hasBody && body === undefined) {
        state.aborted = true
        res.cork(() => res.writeStatus('413 Payload Too Large').end(undefined, true))
        return
      }
      const request = new Request(url, { method, headers, body: hasBody ? body : undefined })
      let response: Response
      if (gateway && pathOf(url) === GATEWAY_PATH && hasValidHost(request)) {
        const admitted = gateway.admit(request, peer)
        // Admitted here only when the handshake itself was broken (no Sec-WebSocket-Key: uWS passes it on).
        response =
          admitted instanceof Response
            ? admitted
            : problemResponse(toProblem(problems.malformedBody, 'The WebSocket handshake failed'))
      } else response = await handle(request, peer)
      await writeResponse(res, response, state)
    })().catch((error) => {
      opts.log.error({ err: error }, 'unhandled server error')
      if (!state.aborted) res.cork(() => res.writeStatus('500 Internal Server Error').end())
    })
  }

  if (gateway) {
    gateway.useTransport({
      publish: (topic, frame) => {
        app.publish(topic, frame, typeof frame !== 'string')
      },
    })
    app.ws<{ socket: UwsSocket }>(GATEWAY_PATH, {
      // uWS drops a connection whose frame is past its limit without a close frame (1006); twice
      // the limit here, and the gateway's own check below closes with 1009 as Bun does.
      maxPayloadLength: 2 * opts.maxPayloadBytes,
      // As on Bun: topic frames are looked at by the core after each tick (4004 past the limit);
      // past eight times the limit uWS closes the socket itself.
      maxBackpressure: 8 * BACKPRESSURE_LIMIT,
      closeOnBackpressureLimit: 1,
      idleTimeout: IDLE_TIMEOUT_S,
      compression: uws.DISABLED,
      upgrade: (res, req, context) => {
        const { url, headers } = readRequest(req, fallbackHost)
        const request = new Request(url, { headers })
        const admitted = hasValidHost(request) ? gateway.admit(request, peerOf(res)) : undefined
        if (!admitted || admitted instanceof Response) {
          const state = { aborted: false }
          res.onAborted(() => {
            state.aborted = true
          })
          const refusal = admitted ?? handle(request, peerOf(res))
          void Promise.resolve(refusal).then((response) => writeResponse(res, response, state))
          return
        }
        res.upgrade(
          { socket: new UwsSocket(admitted.encoding, admitted.address) },
          headers.get('sec-websocket-key') ?? '',
          headers.get('sec-websocket-protocol') ?? '',
          headers.get('sec-websocket-extensions') ?? '',
          context,
        )
      },
      open: (ws) => {
        const { socket } = ws.getUserData()
        socket.ws = ws
        gateway.opened(socket)
      },
      message: (ws, message, isBinary) => {
        if (message.byteLength > opts.maxPayloadBytes) {
          ws.getUserData().socket.close(1009, 'message too big')
          return
        }
        // The buffer is uWS's for this call only; the core handles frames later, in order.
        const data = isBinary ? new Uint8Array(message.slice(0)) : decoder.decode(message)
        gateway.received(ws.getUserData().socket, data)
      },
      close: (ws) => {
        const { socket } = ws.getUserData()
        socket.closed = true
        gateway.closed(socket)
      },
    })
  }
  app.any('/*', (res, req) => answer(res, req))

  return new Promise((resolve, reject) => {
    app.listen(opts.host, opts.port, (token) => {
      if (!token) {
        reject(Object.assign(new Error(`port ${opts.port} is already in use`), { code: 'EADDRINUSE' }))
        return
      }
      let listening: Uws.us_listen_socket | undefined = token
      resolve({
        port: uws.us_socket_local_port(token),
        stop: () => {
          // Open sockets are the gateway's to close (drain); the process exits after the drain.
          if (listening) uws.us_listen_socket_close(listening)
          listening = undefined
        },
      })
    })
  })
}
