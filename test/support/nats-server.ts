import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Subprocess } from 'bun'

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server'

/** A private nats-server with JetStream, which a test may stop and start again (same port, same store). */
export interface PrivateNats {
  url: string
  stop(): Promise<void>
  start(): Promise<void>
  dispose(): Promise<void>
}

export async function startPrivateNats(): Promise<PrivateNats> {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  const port = probe.port
  probe.stop(true)
  const storeDir = mkdtempSync(join(tmpdir(), 'sf-nats-'))
  let proc: Subprocess | undefined
  const start = async () => {
    proc = Bun.spawn([NATS_SERVER, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
      stdout: 'ignore',
      stderr: 'ignore',
    })
    await waitForPort(port)
  }
  const stop = async () => {
    proc?.kill('SIGTERM')
    await proc?.exited
    proc = undefined
  }
  await start()
  return {
    url: `nats://127.0.0.1:${port}`,
    start,
    stop,
    dispose: async () => {
      await stop()
      rmSync(storeDir, { recursive: true, force: true })
    },
  }
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    try {
      const socket = await Bun.connect({ hostname: '127.0.0.1', port, socket: { data() {} } })
      socket.end()
      return
    } catch {
      await Bun.sleep(50)
    }
  }
  throw new Error(`nats-server did not listen on ${port}`)
}
