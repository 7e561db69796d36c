import { afterAll, beforeAll, expect, test } from 'bun:test'
import { type AppContext, createContext } from '../../src/context.ts'
import { loadConfig } from '../../src/platform/config.ts'
import { defineModule } from '../../src/platform/module.ts'
import { createTestDatabase, NATS_URL, removeNatsPrefix, uniquePrefix } from '../support/services.ts'

// The platform's rooms, over a kind of channel that a module (here the test's) declares as rooms.
const roomsOnly = [
  defineModule({
    name: 'dm-rooms',
    needs: {},
    topology: () => ({ rooms: ['dm'] }),
    build: () => ({ services: {} }),
  }),
] as const
let ctx: AppContext<typeof roomsOnly>
const prefix = uniquePrefix('rooms')
let drop: () => Promise<void>
beforeAll(async () => {
  const database = await createTestDatabase('rooms', { migrated: true })
  drop = database.drop
  const { config, secrets } = loadConfig({ DATABASE_URL: database.url, NATS_URL, NATS_PREFIX: prefix })
  ctx = await createContext(config, secrets, { logSink: () => {}, modules: roomsOnly })
})
afterAll(async () => {
  await ctx.close()
  await removeNatsPrefix(prefix).catch(() => {})
  await drop()
})

const frame = (channel: string, seq: number) => ({
  channel,
  seq,
  type: 'message.created',
  data: { text: `m${seq}` },
  messageId: `${channel}:${seq}`,
})

test('messages published together reach the history in order, each once, a repeat included', async () => {
  const a = `dm:${Bun.randomUUIDv7()}`
  const b = `dm:${Bun.randomUUIDv7()}`
  // Interleaved rooms; the last one (the only acknowledged publish) is of another room.
  await ctx.rooms.publishAll([frame(a, 1), frame(b, 1), frame(a, 2), frame(a, 3), frame(b, 2)])
  // A repeat of stored ones (a lost acknowledgement, say) is stored once.
  await ctx.rooms.publishAll([frame(a, 3), frame(a, 4)])
  const seqs = async (channel: string, since: number) => {
    const r = await ctx.rooms.since(channel, since)
    if (r === 'refetch') throw new Error('refetch')
    return r.frames.map((f) => JSON.parse(f) as { seq: number; data: { text: string } })
  }
  expect((await seqs(a, 0)).map((f) => f.seq)).toEqual([1, 2, 3, 4])
  expect((await seqs(a, 2)).map((f) => f.data.text)).toEqual(['m3', 'm4'])
  expect((await seqs(b, 0)).map((f) => f.seq)).toEqual([1, 2])
  expect(await ctx.rooms.since(b, 5)).toBe('refetch')
})
