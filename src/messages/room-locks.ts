import { type Kysely, sql, type Transaction } from 'kysely'
import type { Rooms } from '../platform/bus/rooms.ts'
import { prepared } from '../platform/db/prepared.ts'
import type { DB } from '../platform/db/schema.ts'
import type { Logger } from '../platform/logger.ts'

/** A frame a change of a room publishes once committed. */
export type RoomFrameOf = { conversationId: string; seq: number; type: string; data: unknown }

/**
 * Changes of conversation rooms, each under the room's advisory lock held across its commit and
 * the publishing of its frames, so that each room's frames reach JetStream in sequence order.
 */
export class RoomLocks {
  private readonly slots: Semaphore

  constructor(
    private readonly db: Kysely<DB>,
    private readonly rooms: Rooms,
    private readonly log: Logger,
    poolSize: number,
  ) {
    this.slots = new Semaphore(Math.max(1, Math.floor(poolSize / 2)))
  }

  /**
   * A change of the room in a transaction: `work` gets it and `nextSeq`, and returns the frame to
   * publish if any (see lockedRooms).
   */
  async inRoom(
    conversationId: string,
    work: (
      trx: Transaction<DB>,
      nextSeq: () => Promise<number>,
    ) => Promise<{ frame?: Omit<RoomFrameOf, 'conversationId'> }>,
  ): Promise<void> {
    await this.lockedRooms([conversationId], async (conn) => {
      const { frame } = await conn.transaction().execute((trx) =>
        work(trx, async () => {
          const row = await trx
            .updateTable('conversations')
            .set({ lastSeq: sql`last_seq + 1` })
            .where('id', '=', conversationId)
            .returning('lastSeq')
            .executeTakeFirstOrThrow()
          return Number(row.lastSeq)
        }),
      )
      return { frames: frame ? [{ ...frame, conversationId }] : [] }
    })
  }

  /**
   * Runs a change of rooms on a connection held for it: `run` takes each room's next sequence
   * numbers under the conversation's row lock and returns the frames to publish, built on that
   * connection (nothing here may wait for another pooled connection while it holds one). The
   * publishes happen after the commit and before the next change of those rooms can commit (an
   * advisory lock per conversation spans both, taken in one order so that two batches never wait
   * for each other), so each room's frames reach JetStream in order: they are sent one after the
   * other on one connection, and their acknowledgements awaited together. If a publish fails, the
   * change is stored all the same: Rooms keeps the frames for when NATS is back, and a resume or a
   * live gap is filled from PostgreSQL (MessageService.archived). At most half the pool
   * is held this way at once, so other work always finds a connection even when many messages
   * wait for one busy conversation.
   */
  async lockedRooms<R extends { frames: RoomFrameOf[] }>(
    conversationIds: string[],
    run: (conn: Kysely<DB>) => Promise<R>,
  ): Promise<R> {
    await this.slots.acquire()
    try {
      return await this.db.connection().execute(async (conn) => {
        // The connection's plan cache mode before the locks, restored with the unlock (unknown, and
        // so left as it is, when the lock statement failed: its setting was rolled back with it).
        let planMode: string | null = null
        try {
          // Inside the try: a statement that fails after taking some of the locks leaves none.
          // The statements run under the locks get a generic plan: the batch's is one statement
          // with a dozen subqueries, which PostgreSQL otherwise often plans again for each call
          // (0.6 ms of planning for a 0.4 ms execution; the plan does not depend on the values).
          const locked = await lockRooms(conn, conversationIds)
          planMode = locked[0]?.planMode ?? null
          const result = await run(conn)
          await this.rooms
            .publishAll(
              result.frames.map((f) => ({
                channel: `dm:${f.conversationId}`,
                seq: f.seq,
                type: f.type,
                data: f.data,
                messageId: `${f.conversationId}:${f.seq}`,
              })),
            )
            .catch((error) =>
              this.log.warn(
                { err: error, frames: result.frames.map((f) => `${f.conversationId}:${f.seq}`) },
                'room publish failed',
              ),
            )
          return result
        } finally {
          await unlockRooms(conn, planMode, conversationIds)
        }
      })
    } finally {
      this.slots.release()
    }
  }
}

/** The rooms' lock keys: one per conversation (however many of its messages a batch holds). */
const roomKeys = (conversationIds: unknown) =>
  sql`(select distinct hashtext(c) as h from unnest(${conversationIds}::text[]) c)`

/** Takes the rooms' advisory locks in one order and sets generic plans; answers the plan mode before. */
const lockRooms = prepared((db, conversationIds: string[]) => ({
  compile: () =>
    sql<{ planMode: string }>`select current_setting('plan_cache_mode') as plan_mode,
      set_config('plan_cache_mode', 'force_generic_plan', false),
      count(pg_advisory_lock(${ROOM_LOCK}, k.h)) from (select h from ${roomKeys(conversationIds)} s order by h) k`.compile(
      db,
    ),
}))

/** Releases the rooms' locks and puts the plan mode back (as it is, when unknown). */
const unlockRooms = prepared((db, planMode: string | null, conversationIds: string[]) => ({
  compile: () =>
    sql`select set_config('plan_cache_mode', coalesce(${planMode}::text, current_setting('plan_cache_mode')), false),
      count(pg_advisory_unlock(${ROOM_LOCK}, k.h)) from ${roomKeys(conversationIds)} k`.compile(db),
}))

/** Advisory-lock namespace of conversation rooms. */
const ROOM_LOCK = 7001

/** At most `size` holders at once; the others wait in order. */
class Semaphore {
  private held = 0
  private readonly waiting: (() => void)[] = []

  constructor(private readonly size: number) {}

  async acquire(): Promise<void> {
    if (this.held < this.size) {
      this.held++
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.held--
  }
}
