import { sql } from 'kysely'
import { type DomainEvent, domainEvent, eventSubject } from '../platform/bus/events.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import { prepared } from '../platform/db/prepared.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { newId } from '../platform/ids.ts'
import { blockedBetween, blocks, notBlockedBy, policyAllows } from '../users/queries.ts'
import type { MessageView } from './message-views.ts'
import { messageProblems } from './problems.ts'
import type { RoomFrameOf, RoomLocks } from './room-locks.ts'
import { MESSAGE_EVENTS } from './topology.ts'

/** A sent message: stored now, or the one stored before under the same client id. */
export type SendOutcome = { message: MessageView } | { id: string }

/**
 * Sends, group-committed: those that arrive while earlier ones are being stored go together in
 * the next batch (see sendBatch).
 */
export class SendBatches {
  /** Messages waiting for the next batch, in the order sent. */
  private outgoing: PendingSend[] = []
  /** Batches being stored. */
  private batches = 0

  constructor(
    private readonly locks: RoomLocks,
    /** Tells each recipient of a message on their own channel (`conversation`), in its room or not. */
    private readonly live: LivePublisher,
  ) {}

  /**
   * Stores a message in the next batch; the text and client id are checked already, the
   * conversation id spelt one way (see MessageService.send).
   */
  send(sender: string, conversationId: string, clientId: string, text: string): Promise<SendOutcome> {
    return new Promise<SendOutcome>((resolve, reject) => {
      this.outgoing.push({ sender, conversationId, clientId, text, resolve, reject })
      this.dispatch()
    })
  }

  /**
   * Starts a batch of the sends waiting when none is being stored, and another beside it (up to
   * SEND_BATCHES) only when a full batch waits: sends that arrive while one is stored go in the
   * next, larger batch. Two batches at once are mostly smaller, not faster: they share
   * conversations, whose locks make the second wait for the first, and each costs PostgreSQL a
   * statement's fixed work (measured at 5,000 messages/s: about 50 per batch instead of 17, and
   * PostgreSQL's CPU per message 108 µs instead of 134-142).
   */
  private dispatch(): void {
    while (
      this.outgoing.length > 0 &&
      (this.batches === 0 || (this.batches < SEND_BATCHES && this.outgoing.length >= SEND_BATCH_MAX))
    ) {
      // A repeated client id waits for a later batch (which sees the first one stored).
      const batch: PendingSend[] = []
      const later: PendingSend[] = []
      const keys = new Set<string>()
      for (const p of this.outgoing) {
        const key = `${p.conversationId} ${p.sender} ${p.clientId}`
        if (batch.length >= SEND_BATCH_MAX || keys.has(key)) later.push(p)
        else {
          keys.add(key)
          batch.push(p)
        }
      }
      this.outgoing = later
      this.batches++
      void this.sendBatch(batch).finally(() => {
        this.batches--
        this.dispatch()
      })
    }
  }

  /**
   * Stores a batch of messages in ONE statement (atomic on its own) under the advisory locks of
   * their conversations, then publishes their frames (pipelined, in order) before the locks go.
   * Per message it checks membership, a repeated client id and, one-to-one, blocks and the
   * recipient's message policy; numbers the conversation's new messages in the order they were
   * sent from its `last_seq` (read under the conversation's advisory lock, which every change of
   * `last_seq` holds); stores them, the senders' read receipts and a `message.sent` event each
   * (its `screen` says whether a recipient asked for their messages to be screened, so moderation
   * looks up none of the others), the batch's events in ONE outbox row (an array, which the relay
   * publishes as one JetStream message each: a row per event cost PostgreSQL an insert, two index
   * entries and a delete per message). One
   * refused message does not hold up the others. Each write reads the accepted rows (`ok`) alone,
   * never joined to another write's rows: the generic plan takes each of them for one row and
   * would join them by nested loops, quadratic in the batch (most of a 90-message batch's time).
   * The recipient's account is reached through its key (a lateral lookup the planner cannot fold
   * into a join): as a plain join, the generic plan could scan every account and check blocks and
   * policy for each of them, for every message (a batch of 50 took 25-31 ms instead of 6).
   */
  private async sendBatch(batch: PendingSend[]): Promise<void> {
    const input = batch.map((p): BatchInput => {
      const id = newId()
      return {
        id,
        conversation_id: p.conversationId,
        sender_id: p.sender,
        client_id: p.clientId,
        text: p.text,
        event: domainEvent({
          type: 'message.sent',
          actorId: p.sender,
          subject: { kind: 'conversation', id: p.conversationId },
          data: { messageId: id },
        }),
      }
    })
    const announced: { message: MessageView; recipients: string[] }[] = []
    try {
      const { rows } = await this.locks.lockedRooms(
        [...new Set(batch.map((p) => p.conversationId))],
        async (conn) => {
          const rows = await storeBatch(conn, JSON.stringify(input))
          if (rows.length !== batch.length) throw new Error('a message batch came back misaligned')
          const frames: RoomFrameOf[] = []
          const outcomes = rows.map((row, i): SendOutcome | HttpError => {
            const p = batch[i]!
            if (!row.member) return new HttpError(problems.notFound, 'No such conversation')
            if (row.duplicate) return { id: row.duplicate }
            if (row.refused)
              return new HttpError(messageProblems.notAllowed, `${row.refused} cannot be messaged by you`)
            const message: MessageView = {
              id: input[i]!.id,
              conversationId: p.conversationId,
              seq: Number(row.seq),
              sender: { id: p.sender, username: row.username, displayName: row.displayName },
              clientId: p.clientId,
              text: p.text,
              createdAt: row.createdAt!.toISOString(),
              editedAt: null,
              deletedAt: null,
            }
            frames.push({
              conversationId: p.conversationId,
              seq: message.seq,
              type: 'message',
              data: message,
            })
            announced.push({ message, recipients: row.recipients ?? [] })
            return { message }
          })
          return { rows: outcomes, frames }
        },
      )
      batch.forEach((p, i) => {
        const outcome = rows[i]!
        if (outcome instanceof HttpError) p.reject(outcome)
        else p.resolve(outcome)
      })
      for (const { message, recipients } of announced)
        for (const r of recipients) {
          const at = r.indexOf(':')
          this.live.publish(`user:${r.slice(0, at)}`, 'conversation', {
            conversationId: message.conversationId,
            lastMessage: message,
            unreadCount: Number(r.slice(at + 1)),
          })
        }
    } catch (error) {
      // Whatever failed the statement must not fail the others' messages: each is tried alone.
      if (batch.length === 1) batch[0]!.reject(error)
      else for (const p of batch) await this.sendBatch([p])
    }
  }
}

/** A message waiting for its batch (see SendBatches.send). */
interface PendingSend {
  sender: string
  conversationId: string
  clientId: string
  text: string
  resolve: (outcome: SendOutcome) => void
  reject: (error: unknown) => void
}

/**
 * Unread messages counted for a recipient's announcement, at most: the count of a conversation
 * never read would otherwise grow with every message (this many means "this many or more").
 */
const UNREAD_COUNTED = 100

/** Batches of messages being stored at once (each on its own connection). */
const SEND_BATCHES = 2
/** Most messages in one batch. */
const SEND_BATCH_MAX = 256

/** A message of a batch, as the batch statement reads it (one JSON array of these). */
interface BatchInput {
  id: string
  conversation_id: string
  sender_id: string
  client_id: string
  text: string
  event: DomainEvent
}

/**
 * A batch of messages stored in one statement (see SendBatches.sendBatch), compiled once: the
 * statement is the same for every batch, only its input changes. The input is one JSON array
 * (made by JSON.stringify, natively): six PostgreSQL arrays cost the gateway more to write, every
 * element escaped one by one, the event's JSON text inside its array literal most of all.
 */
const storeBatch = prepared((db, input: string) => ({
  compile: () =>
    sql<{
      member: boolean
      duplicate: string | null
      refused: string | null
      seq: string | null
      createdAt: Date | null
      username: string
      displayName: string | null
      /**
       * The other members, each as `<user id>:<their unread count after this message>` (the
       * messages stored before, which the statement's snapshot holds, and the batch's own).
       */
      recipients: string[] | null
    }>`with input as (
                select * from rows from (json_to_recordset(${input}::text::json)
                    as (id uuid, conversation_id uuid, sender_id uuid, client_id text, text text, event jsonb))
                  with ordinality as i(id, conversation_id, sender_id, client_id, text, event, ord)
              ), checked as (
                select i.*,
                  exists (select 1 from conversation_members m where m.conversation_id = i.conversation_id and m.user_id = i.sender_id) as member,
                  (select m.id from messages m where m.conversation_id = i.conversation_id and m.sender_id = i.sender_id and m.client_id = i.client_id) as duplicate,
                  (select u.username from conversation_members m
                    cross join lateral (select u.id, u.username, u.message_policy from users u where u.id = m.user_id offset 0) u
                    where m.conversation_id = i.conversation_id and m.user_id <> i.sender_id
                      and exists (select 1 from conversations c where c.id = i.conversation_id and c.kind = 'direct')
                      and (${blockedBetween(sql.ref('u.id'), sql.ref('i.sender_id'))} or not ${policyAllows('u', 'message_policy', sql.ref('i.sender_id'))})
                    limit 1) as refused,
                  (select c.last_seq from conversations c where c.id = i.conversation_id) as last_seq
                from input i
              ), ok as (
                select c.*, c.last_seq + row_number() over (partition by c.conversation_id order by c.ord) as seq
                from checked c where c.member and c.duplicate is null and c.refused is null
              ), conv as (
                update conversations c set last_seq = n.seq, last_message_at = clock_timestamp()
                from (select conversation_id, max(seq) as seq from ok group by conversation_id) n
                where c.id = n.conversation_id
              ), msg as (
                insert into messages (id, conversation_id, seq, sender_id, client_id, text, created_at)
                select ok.id, ok.conversation_id, ok.seq, ok.sender_id, ok.client_id, ok.text, clock_timestamp()
                from ok order by ok.ord
                returning id, seq, created_at
              ), receipt as (
                update conversation_members m set read_seq = r.seq
                from (select conversation_id, sender_id, max(seq) as seq from ok group by 1, 2) r
                where m.conversation_id = r.conversation_id and m.user_id = r.sender_id
              ), ev as (
                insert into outbox (event_id, subject, payload)
                select (array_agg((ok.event ->> 'id')::uuid order by ok.ord))[1], ${eventSubject('message.sent', MESSAGE_EVENTS.name)},
                  jsonb_agg(jsonb_set(ok.event, '{data,screen}', to_jsonb(exists (select 1 from conversation_members m
                    cross join lateral (select u.screen_messages from users u where u.id = m.user_id offset 0) u
                    where m.conversation_id = ok.conversation_id and m.user_id <> ok.sender_id and u.screen_messages)))
                    order by ok.ord)
                from ok having count(*) > 0
              )
              select c.member, c.duplicate, c.refused, msg.seq, msg.created_at, u.username, u.display_name,
                case when msg.seq is not null then
                  (select array_agg(m.user_id::text || ':' || least(${UNREAD_COUNTED},
                      (select count(*) from (select 1 from messages mm
                        where mm.conversation_id = c.conversation_id and mm.seq > m.read_seq
                          and mm.sender_id <> m.user_id and mm.deleted_at is null
                          and ${notBlockedBy(sql.ref('m.user_id'), sql.ref('mm.sender_id'))}
                        limit ${UNREAD_COUNTED}) stored)
                      + (select count(*) from ok o
                        where o.conversation_id = c.conversation_id and o.seq > m.read_seq
                          and o.seq <= msg.seq and o.sender_id <> m.user_id)))
                    from conversation_members m
                    where m.conversation_id = c.conversation_id and m.user_id <> c.sender_id
                      and not ${blocks(sql.ref('m.user_id'), sql.ref('c.sender_id'))})
                end as recipients
              from checked c left join users u on u.id = c.sender_id left join msg on msg.id = c.id
              order by c.ord`.compile(db),
}))
