/**
 * The client processes of the gateway benches (clients.ts), driven over their stdin and stdout:
 * bench/gateway/run.ts and bench/live/chat.ts use the same ones.
 */
import type { Subprocess } from 'bun'
import { cpuSeconds, lines } from '../support.ts'

const CLIENT_PROCS = Number(process.env.CLIENT_PROCS ?? 4)

interface Proc {
  proc: Subprocess<'pipe', 'pipe', 'inherit'>
  lines: AsyncIterator<string>
}

function spawnLines(argv: string[], env: Record<string, string>): Proc {
  const proc = Bun.spawn(argv, {
    env: { ...process.env, ...env },
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'inherit',
  })
  return { proc, lines: lines(proc.stdout) }
}

async function nextJson(
  p: Proc,
  match: (x: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  for (;;) {
    const { value, done } = await p.lines.next()
    if (done) throw new Error('process ended')
    try {
      const parsed = JSON.parse(value) as Record<string, unknown>
      if (match(parsed)) return parsed
    } catch {}
  }
}

/** `count` (CLIENT_PROCS) client processes with the same `env` (TARGET, URL, TOKENS, CHANNEL). */
export class Clients {
  private readonly procs: Proc[] = []
  constructor(env: Record<string, string>, count = CLIENT_PROCS) {
    for (let i = 0; i < count; i++)
      this.procs.push(spawnLines([process.execPath, 'bench/gateway/clients.ts'], env))
  }
  private async all(cmd: Record<string, unknown>, reply: string) {
    for (const p of this.procs) p.proc.stdin.write(`${JSON.stringify(cmd)}\n`)
    await Promise.all(this.procs.map((p) => p.proc.stdin.flush()))
    return Promise.all(this.procs.map((p) => nextJson(p, (x) => reply in x)))
  }
  async open(total: number) {
    const each = Math.ceil(total / this.procs.length)
    await this.all({ cmd: 'open', count: each }, 'opened')
  }
  /** Per frame index: how many clients got it and the latest arrival (latency of the last, ms). */
  async report(): Promise<Map<number, { n: number; max: number; last: number }>> {
    const merged = new Map<number, { n: number; max: number; last: number }>()
    for (const r of await this.all({ cmd: 'report' }, 'arrivals')) {
      for (const [i, a] of Object.entries(
        r.arrivals as Record<string, { n: number; max: number; last: number }>,
      )) {
        const m = merged.get(Number(i))
        if (m) {
          m.n += a.n
          m.max = Math.max(m.max, a.max)
          m.last = Math.max(m.last, a.last)
        } else merged.set(Number(i), { ...a })
      }
    }
    return merged
  }
  /** Connections notified since the last ask, the latest arrival (ms since epoch), connections open. */
  async notified(): Promise<{ notified: number; last: number; open: number }> {
    const r = await this.all({ cmd: 'notified' }, 'notified')
    return {
      notified: r.reduce((s, x) => s + Number(x.notified), 0),
      last: Math.max(0, ...r.map((x) => Number(x.last))),
      open: r.reduce((s, x) => s + Number(x.open), 0),
    }
  }
  /** The client processes' pids. */
  pids(): number[] {
    return this.procs.map((p) => p.proc.pid)
  }
  /** CPU seconds the client processes have used. */
  cpu(): Promise<number> {
    return Promise.all(this.procs.map((p) => cpuSeconds(p.proc.pid))).then((s) =>
      s.reduce((a, b) => a + b, 0),
    )
  }
  async exit() {
    for (const p of this.procs) {
      p.proc.stdin.write('{"cmd":"exit"}\n')
      await p.proc.stdin.flush()
    }
    await Promise.all(this.procs.map((p) => p.proc.exited))
  }
}
