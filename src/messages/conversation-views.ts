import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { notBlockedBy } from '../users/queries.ts'
import { MEMBER, messageRows, messageView } from './message-views.ts'

/** A conversation as the viewer's membership reads it (see MessageService.list and get). */
export interface ConversationRow {
  id: string
  kind: string
  title: string | null
  lastSeq: string
  readSeq: string
  activeAt: Date
}

/** The viewer's conversations as the API shows them: members, last message and unread count. */
export async function conversationViews(db: Kysely<DB>, viewer: string, rows: ConversationRow[]) {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const members = await db
    .selectFrom('conversationMembers as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select(['m.conversationId', 'm.readSeq', MEMBER.id, MEMBER.username, MEMBER.displayName])
    .where('m.conversationId', 'in', ids)
    .orderBy('m.joinedAt')
    .execute()
  const last = await messageRows(db)
    .where(
      'm.id',
      'in',
      db
        .selectFrom('messages as x')
        .select('x.id')
        .distinctOn('x.conversationId')
        .where('x.conversationId', 'in', ids)
        .where(sql<boolean>`${notBlockedBy(viewer, sql.ref('x.sender_id'))}`)
        .orderBy('x.conversationId')
        .orderBy('x.seq', 'desc'),
    )
    .execute()
  const unread = await db
    .selectFrom('messages as m')
    .innerJoin('conversationMembers as me', (j) =>
      j.onRef('me.conversationId', '=', 'm.conversationId').on('me.userId', '=', viewer),
    )
    .select(['m.conversationId', (eb) => eb.fn.countAll<string>().as('n')])
    .where('m.conversationId', 'in', ids)
    .where(sql<boolean>`m.seq > me.read_seq`)
    .where('m.senderId', '!=', viewer)
    .where('m.deletedAt', 'is', null)
    .where(sql<boolean>`${notBlockedBy(viewer, sql.ref('m.sender_id'))}`)
    .groupBy('m.conversationId')
    .execute()
  const lastOf = new Map(last.map((m) => [m.conversationId, messageView(m)]))
  const unreadOf = new Map(unread.map((u) => [u.conversationId, Number(u.n)]))
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as 'direct' | 'group',
    title: r.title,
    members: members
      .filter((m) => m.conversationId === r.id)
      .map((m) => ({
        id: m.id,
        username: m.username,
        displayName: m.displayName,
        readSeq: Number(m.readSeq),
      })),
    lastSeq: Number(r.lastSeq),
    readSeq: Number(r.readSeq),
    unreadCount: unreadOf.get(r.id) ?? 0,
    lastMessage: lastOf.get(r.id) ?? null,
    activeAt: r.activeAt.toISOString(),
  }))
}
