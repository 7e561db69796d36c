import { describe, expect, test } from 'bun:test'
import type { JsMsg } from '@nats-io/jetstream'
import type { Partitions } from '../../src/analytics/partitions.ts'
import { AnalyticsWriter, type WriterOptions } from '../../src/analytics/writer.ts'
import type { Bus } from '../../src/platform/bus/connect.ts'
import type { Sql } from '../../src/platform/db/connect.ts'
import { createLogger } from '../../src/platform/logger.ts'

/**
 * How the writer cuts the stream into transactions (no database: `write` is replaced by one that
 * records each batch and finishes when the test says so; the consumer is a queue the test fills).
 */

class FakeMessage {
  acked = false
  ack() {
    this.acked = true
  }
  nak() {}
  term() {}
}

/** An async iterable of messages the test pushes, as JetStream's consume() gives them. */
function consumer() {
  const queued: FakeMessage[] = []
  let wake: (() => void) | undefined
  let closed = false
  const messages = {
    push(m: FakeMessage) {
      queued.push(m)
      wake?.()
    },
    close: async () => {
      closed = true
      wake?.()
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (queued.length > 0) yield queued.shift()!
        if (closed) return
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
    },
  }
  return messages
}

class RecordingWriter extends AnalyticsWriter {
  batches: number[] = []
  private releases: (() => void)[] = []

  override async write(messages: JsMsg[]): Promise<number> {
    this.batches.push(messages.length)
    await new Promise<void>((resolve) => this.releases.push(resolve))
    return messages.length
  }

  /** Lets the oldest write still waiting finish. */
  finishOne() {
    this.releases.shift()?.()
  }
}

function writerWith(opts: WriterOptions) {
  const messages = consumer()
  const bus = {
    streamName: (n: string) => n,
    js: { consumers: { get: async () => ({ consume: async () => messages }) } },
  } as unknown as Bus
  const partitions = { prepare: async () => {} } as unknown as Partitions
  const log = createLogger({ level: 'fatal', nodeId: 'test' })
  const writer = new RecordingWriter({ bus, sql: {} as Sql, partitions, log }, opts)
  return { writer, messages }
}

async function until(check: () => boolean, what: string, ms = 10_000) {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await Bun.sleep(5)
  }
}

describe('analytics writer batching', () => {
  test('alone a batch goes at once; beside one in flight, messages wait for a full transaction', async () => {
    const { writer, messages } = writerWith({
      maxMessages: 50,
      perTransaction: 5,
      concurrency: 2,
      lingerMs: 60_000,
    })
    await writer.start()
    const sent = Array.from({ length: 7 }, () => new FakeMessage())
    messages.push(sent[0]!)
    await until(() => writer.batches.length === 1, 'the first batch')
    expect(writer.batches).toEqual([1])
    // One in flight: four more wait (the linger is a minute), the fifth fills a transaction.
    for (const m of sent.slice(1, 5)) messages.push(m)
    await Bun.sleep(200)
    expect(writer.batches).toEqual([1])
    messages.push(sent[5]!)
    await until(() => writer.batches.length === 2, 'the full batch')
    expect(writer.batches).toEqual([1, 5])
    // Both loops busy; the next message waits for one of them, then goes at once when none is in flight.
    messages.push(sent[6]!)
    writer.finishOne()
    writer.finishOne()
    await until(() => writer.batches.length === 3, 'the last batch')
    expect(writer.batches).toEqual([1, 5, 1])
    writer.finishOne()
    await until(() => sent.every((m) => m.acked), 'every message acknowledged')
    await writer.stop()
  })

  test('beside one in flight, waiting messages go after the linger', async () => {
    const { writer, messages } = writerWith({
      maxMessages: 50,
      perTransaction: 100,
      concurrency: 2,
      lingerMs: 300,
    })
    await writer.start()
    messages.push(new FakeMessage())
    await until(() => writer.batches.length === 1, 'the first batch')
    const started = performance.now()
    for (let i = 0; i < 3; i++) messages.push(new FakeMessage())
    await until(() => writer.batches.length === 2, 'the lingering batch')
    expect(writer.batches).toEqual([1, 3])
    expect(performance.now() - started).toBeGreaterThanOrEqual(250)
    writer.finishOne()
    writer.finishOne()
    await writer.stop()
  })
})
