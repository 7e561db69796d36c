/**
 * The per-request log line, written on the hot path. It has the same shape as the application
 * logger's lines (level, time, node, msg) but is built with one JSON.stringify and written in
 * batches (every 25 ms, or at 64 KiB): pino's per-line machinery cost more than the rest of a
 * small request. Lines are flushed on shutdown; a crash may lose the last 25 ms of them.
 */
export type LineSink = (chunk: string) => void

const FLUSH_MS = 25
const FLUSH_BYTES = 64 * 1024

/**
 * Standard output through Bun's native writer, far cheaper per call than process.stdout. Every
 * log line of the process (pino's too) goes through this one writer, so lines never interleave.
 * On Node (a gateway on uWebSockets.js) process.stdout, which keeps the order of its writes.
 */
const stdout: { write(chunk: string): unknown; flush(): unknown } =
  typeof Bun === 'undefined'
    ? {
        write: (chunk) => process.stdout.write(chunk),
        flush: () => new Promise<void>((resolve) => process.stdout.write('', () => resolve())),
      }
    : Bun.stdout.writer({ highWaterMark: FLUSH_BYTES })
export const stdoutSink: LineSink = (chunk) => {
  stdout.write(chunk)
  stdout.flush()
}

/** Waits until everything written to standard output has left the process. */
export async function drainStdout(): Promise<void> {
  await stdout.flush()
}

export class AccessLog {
  private buffer = ''
  private timer: Timer | undefined
  private clockMs = 0
  private clockIso = ''
  private readonly node: string

  constructor(
    nodeId: string,
    private readonly enabled: boolean,
    private readonly sink: LineSink = stdoutSink,
  ) {
    this.node = JSON.stringify(nodeId)
  }

  /**
   * One request's line: `{"level","time","node","requestId","method","path","route","status",
   * "ip"?,"ms","msg":"request"}`, built as text (a JSON.stringify of an object cost three times
   * as much). The method and path come from the client and are escaped when they need it; the
   * request id (made here, or checked against a strict pattern), the route template (the app's
   * own) and the address (an IP address) never need it, and are written as they are.
   */
  request(
    requestId: string,
    method: string,
    path: string,
    route: string,
    status: number,
    ms: number,
    ip: string | undefined,
  ): void {
    if (!this.enabled) return
    this.append(
      `{"level":"info","time":"${this.now()}","node":${this.node},"requestId":"${requestId}",` +
        `"method":${str(method)},"path":${str(path)},"route":"${route}","status":${status},` +
        `${ip === undefined ? '' : `"ip":"${ip}",`}"ms":${ms},"msg":"request"}\n`,
    )
  }

  private append(line: string): void {
    this.buffer += line
    if (this.buffer.length >= FLUSH_BYTES) this.flush()
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS)
  }

  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.buffer.length === 0) return
    const chunk = this.buffer
    this.buffer = ''
    this.sink(chunk)
  }

  /** The ISO time, formatted once per millisecond rather than once per line. */
  private now(): string {
    const ms = Date.now()
    if (ms !== this.clockMs) {
      this.clockMs = ms
      this.clockIso = new Date(ms).toISOString()
    }
    return this.clockIso
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/

/** A JSON string literal: quoted as is when nothing in it needs escaping (nearly always). */
function str(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`
}
