import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'kysely'
import { type AppContext as Context, createContext } from '../../src/context.ts'
import { type DomainEvent, domainEvent } from '../../src/platform/bus/events.ts'
import { appendEvents } from '../../src/platform/bus/outbox.ts'
import { loadConfig } from '../../src/platform/config.ts'
import { startPrivateNats } from '../support/nats-server.ts'
import { createTestDatabase, NATS_URL, removeNatsPrefix, uniquePrefix } from '../support/services.ts'

/** A context of the platform alone: the outbox needs no feature. */
type PlatformOnly = Context<readonly []>

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

async function context(
  natsUrl = NATS_URL,
  prefix = uniquePrefix('outbox'),
  databaseUrl?: string,
  env: Record<string, string> = {},
) {
  const database = databaseUrl ? undefined : await createTestDatabase('outbox', { migrated: true })
  const { config, secrets } = loadConfig({
    DATABASE_URL: databaseUrl ?? database!.url,
    NATS_URL: natsUrl,
    NATS_PREFIX: prefix,
    OUTBOX_POLL_MS: '100',
    ...env,
  })
  const ctx = await createContext(config, secrets, { logSink: () => {}, modules: [] as const })
  await sql`create table if not exists widgets (id uuid primary key, name text not null)`.execute(ctx.db)
  cleanups.push(async () => {
    await ctx.close()
    if (database) {
      await removeNatsPrefix(prefix, natsUrl).catch(() => {})
      await database.drop()
    }
  })
  return { ctx, url: databaseUrl ?? database!.url, prefix }
}

/** One change with its event, in one transaction. */
async function createWidget(ctx: PlatformOnly, name: string, fail = false): Promise<DomainEvent> {
  const id = Bun.randomUUIDv7()
  const event = domainEvent({
    type: 'widget.created',
    actorId: null,
    subject: { kind: 'widget', id },
    data: { name },
  })
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('widgets' as never)
      .values({ id, name } as never)
      .execute()
    await appendEvents(trx, [event])
    if (fail) throw new Error('rolled back on purpose')
  })
  return event
}

/** Every event in the deployment's events stream, in stream order. */
/** One outbox row holding a `widget.created` event for each name (a JSON array, as a DM batch writes). */
async function appendArrayRow(ctx: PlatformOnly, names: string[]): Promise<DomainEvent[]> {
  const batch = names.map((name) =>
    domainEvent({
      type: 'widget.created',
      actorId: null,
      subject: { kind: 'widget', id: name },
      data: { name },
    }),
  )
  await sql`insert into outbox (event_id, subject, payload)
    values (${batch[0]!.id}::uuid, 'events.widget.created', ${JSON.stringify(batch)}::text::jsonb)`.execute(
    ctx.db,
  )
  return batch
}

async function published(ctx: PlatformOnly): Promise<DomainEvent[]> {
  const name = ctx.bus.streamName('events')
  const info = await ctx.bus.jsm.streams.info(name)
  const events: DomainEvent[] = []
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const msg = await ctx.bus.jsm.streams.getMessage(name, { seq })
    if (msg) events.push(msg.json<DomainEvent>())
  }
  return events
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms
  let value = await what()
  while (!ok(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms: ${JSON.stringify(value)}`)
    await Bun.sleep(50)
    value = await what()
  }
  return value
}

describe('transactional outbox', () => {
  let ctx: PlatformOnly
  let url: string
  beforeAll(async () => {
    ;({ ctx, url } = await context())
    await ctx.outbox.start()
  })

  test('committed changes publish their events once, in order, in the domain event shape', async () => {
    const written: DomainEvent[] = []
    for (let i = 0; i < 20; i++) written.push(await createWidget(ctx, `w${i}`))
    const events = await until(
      () => published(ctx),
      (e) => e.length >= 20,
    )
    expect(events.map((e) => e.id)).toEqual(written.map((e) => e.id))
    expect(events[0]).toEqual(written[0]!)
    expect(events[0]).toMatchObject({
      type: 'widget.created',
      subject: { kind: 'widget' },
      data: { name: 'w0' },
    })
    expect(
      await until(
        () => ctx.outbox.lag(),
        (l) => l.pending === 0,
      ),
    ).toEqual({ pending: 0, oldestSeconds: 0 })
  })

  test('a rolled-back change publishes nothing', async () => {
    const before = (await published(ctx)).length
    await expect(createWidget(ctx, 'ghost', true)).rejects.toThrow('rolled back on purpose')
    await createWidget(ctx, 'real')
    const events = await until(
      () => published(ctx),
      (e) => e.length === before + 1,
    )
    expect(events.some((e) => e.data.name === 'ghost')).toBe(false)
  })

  test('events cannot be written outside a transaction', async () => {
    const event = domainEvent({
      type: 'widget.created',
      actorId: null,
      subject: { kind: 'widget', id: 'x' },
      data: {},
    })
    await expect(appendEvents(ctx.db as never, [event])).rejects.toThrow('inside the transaction')
  })

  test('an event published again after a crash (before its row was deleted) is stored once', async () => {
    await ctx.outbox.stop()
    const event = await createWidget(ctx, 'crashy')
    // The relay published it, then died before deleting the row.
    await ctx.bus.js.publish(ctx.bus.subject('events.widget.created'), JSON.stringify(event), {
      msgID: event.id,
    })
    await ctx.outbox.start()
    await until(
      () => ctx.outbox.lag(),
      (l) => l.pending === 0,
    )
    const events = await published(ctx)
    expect(events.filter((e) => e.id === event.id).length).toBe(1)
  })

  test('a row holding several events (a JSON array) publishes each as its own message, in order, once', async () => {
    await ctx.outbox.stop()
    const before = (await published(ctx)).length
    const first = await createWidget(ctx, 'before the batch')
    const batch = await appendArrayRow(ctx, ['b0', 'b1', 'b2'])
    const last = await createWidget(ctx, 'after the batch')
    // The lag counts events, not rows.
    expect((await ctx.outbox.lag()).pending).toBe(5)
    // The relay published the widget before and the first of the batch, then died before
    // deleting their rows.
    for (const e of [first, batch[0]!])
      await ctx.bus.js.publish(ctx.bus.subject('events.widget.created'), JSON.stringify(e), { msgID: e.id })
    await ctx.outbox.start()
    await until(
      () => ctx.outbox.lag(),
      (l) => l.pending === 0,
    )
    const events = await until(
      () => published(ctx),
      (e) => e.length >= before + 5,
    )
    expect(events.slice(before).map((e) => e.id)).toEqual([first.id, ...batch.map((e) => e.id), last.id])
    expect(events.find((e) => e.id === batch[1]!.id)).toEqual(batch[1]!)
  })

  test("a round takes rows while fewer than OUTBOX_BATCH_SIZE events came before them, an array row's each", async () => {
    await ctx.outbox.stop()
    const { ctx: small } = await context(NATS_URL, ctx.bus.prefix, url, { OUTBOX_BATCH_SIZE: '2' })
    const before = (await published(ctx)).length
    const batch = await appendArrayRow(ctx, ['c0', 'c1', 'c2'])
    const after = await createWidget(ctx, 'after the array')
    // The array row alone: three events, past the batch of two by one.
    expect(await small.outbox.round()).toBe(true)
    expect((await published(ctx)).slice(before).map((e) => e.id)).toEqual(batch.map((e) => e.id))
    expect(await small.outbox.round()).toBe(false)
    expect((await published(ctx)).slice(before).map((e) => e.id)).toEqual([
      ...batch.map((e) => e.id),
      after.id,
    ])
    await ctx.outbox.start()
  })

  test('two relays on one database publish each event once and in order', async () => {
    const { ctx: other } = await context(NATS_URL, ctx.bus.prefix, url)
    await other.outbox.start()
    const before = (await published(ctx)).length
    const written: DomainEvent[] = []
    for (let i = 0; i < 40; i++) written.push(await createWidget(i % 2 ? ctx : other, `p${i}`))
    const events = await until(
      () => published(ctx),
      (e) => e.length >= before + 40,
    )
    const ids = events.slice(before).map((e) => e.id)
    expect(ids).toEqual(written.map((e) => e.id))
    await other.outbox.stop()
  })
})

describe('outbox while NATS is away', () => {
  test('changes made while NATS is down are all published once when it returns', async () => {
    const nats = await startPrivateNats()
    cleanups.push(() => nats.dispose())
    const { ctx } = await context(nats.url)
    await ctx.outbox.start()
    const before = [await createWidget(ctx, 'before-1'), await createWidget(ctx, 'before-2')]
    await until(
      () => published(ctx),
      (e) => e.length === 2,
    )

    await nats.stop()
    const during: DomainEvent[] = []
    for (let i = 0; i < 10; i++) during.push(await createWidget(ctx, `during-${i}`))
    await Bun.sleep(500)
    expect((await ctx.outbox.lag()).pending).toBe(10)

    await nats.start()
    const events = await until(
      () => published(ctx).catch(() => []),
      (e) => e.length >= 12,
      20_000,
    )
    await until(
      () => ctx.outbox.lag(),
      (l) => l.pending === 0,
    )
    await Bun.sleep(300)
    const final = await published(ctx)
    expect(final.length).toBe(12)
    expect(final.map((e) => e.id)).toEqual([...before, ...during].map((e) => e.id))
    expect(events.length).toBe(12)
  }, 40_000)
})

/** Connections holding the relay lock in this test's database (its key: RELAY_LOCK_KEY). */
async function relayLocksHeld(ctx: PlatformOnly): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from pg_locks
    where locktype = 'advisory' and granted and objsubid = 1
      and database = (select oid from pg_database where datname = current_database())
      and ((classid::bigint << 32) | objid::bigint) = 7301946002`.execute(ctx.db)
  return Number(rows[0]!.n)
}

describe('outbox publishes pipelined', () => {
  /** Three events in the outbox, the middle one's payload padded to `padBytes`; `restore` undoes it. */
  async function paddedInTheMiddle(ctx: PlatformOnly, padBytes: number) {
    const [first, refused, after] = [
      await createWidget(ctx, 'first'),
      await createWidget(ctx, 'refused'),
      await createWidget(ctx, 'after'),
    ]
    await sql`update outbox set payload = jsonb_build_object('pad', repeat('x', ${padBytes}::int))
      where event_id = ${refused.id}`.execute(ctx.db)
    const restore = () =>
      sql`update outbox set payload = ${JSON.stringify(refused)}::text::jsonb
        where event_id = ${refused.id}`.execute(ctx.db)
    return { first: first!, refused: refused!, after: after!, restore }
  }

  test('a publish refused in the middle of a batch stores nothing after it; the next round resumes in order', async () => {
    const { ctx } = await context()
    // The middle one is made larger than NATS takes in one message: its publish fails.
    const { first, refused, after, restore } = await paddedInTheMiddle(ctx, 2000000)
    await expect(ctx.outbox.round()).rejects.toThrow()
    // Nothing after the refused one went out. `first` was stored, but without its stream's
    // acknowledgement (only the stream's last publish of a batch asks for one) its row stays:
    // the next round sends it again, and JetStream recognises the repeat.
    expect((await published(ctx)).map((e) => e.id)).toEqual([first.id])
    expect((await ctx.outbox.lag()).pending).toBe(3)
    // The failed round let go of the relay lock (a session lock, which a failure does not undo):
    // a relay on another node could take over.
    expect(await relayLocksHeld(ctx)).toBe(0)

    await restore()
    expect(await ctx.outbox.round()).toBe(false)
    expect((await published(ctx)).map((e) => e.id)).toEqual([first.id, refused.id, after.id])
    expect((await ctx.outbox.lag()).pending).toBe(0)
    expect(await relayLocksHeld(ctx)).toBe(0)
  })

  test('a delete that fails after the publish leaves the lock free and the rows for the next round, which repeats nothing', async () => {
    const { ctx } = await context()
    const event = await createWidget(ctx, 'kept')
    await sql`create function refuse_delete() returns trigger language plpgsql as $$
      begin raise exception 'deletes refused on purpose'; end $$`.execute(ctx.db)
    await sql`create trigger refuse_delete before delete on outbox
      for each statement execute function refuse_delete()`.execute(ctx.db)
    await expect(ctx.outbox.round()).rejects.toThrow('deletes refused on purpose')
    expect(await relayLocksHeld(ctx)).toBe(0)
    expect((await ctx.outbox.lag()).pending).toBe(1)
    await sql`drop trigger refuse_delete on outbox`.execute(ctx.db)
    expect(await ctx.outbox.round()).toBe(false)
    expect((await ctx.outbox.lag()).pending).toBe(0)
    expect((await published(ctx)).filter((e) => e.id === event!.id)).toHaveLength(1)
    expect(await relayLocksHeld(ctx)).toBe(0)
  })

  test('a message the stream refuses (not the client) fails the batch at the acknowledgement; stored ones are not repeated', async () => {
    const { ctx } = await context()
    const stream = ctx.bus.streamName('events')
    const config = (await ctx.bus.jsm.streams.info(stream)).config
    // The middle one is larger than the stream takes (but not than NATS does): it leaves the
    // client as a plain publish, and only the stream's refusal of it shows, through `after`'s
    // expectation that it is the stream's last message.
    const { first, refused, after, restore } = await paddedInTheMiddle(ctx, 5000)
    await ctx.bus.jsm.streams.update(stream, { ...config, max_msg_size: 4096 })
    try {
      await expect(ctx.outbox.round()).rejects.toThrow()
      expect((await published(ctx)).map((e) => e.id)).toEqual([first.id])
      expect((await ctx.outbox.lag()).pending).toBe(3)
    } finally {
      await ctx.bus.jsm.streams.update(stream, { ...config, max_msg_size: -1 })
    }
    await restore()
    expect(await ctx.outbox.round()).toBe(false)
    const ids = (await published(ctx)).map((e) => e.id)
    expect(ids).toEqual([first.id, refused.id, after.id])
    expect((await ctx.outbox.lag()).pending).toBe(0)
  })
})
