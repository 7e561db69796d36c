import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../platform/db/schema.ts'

/** A conversation member's account, as every view shows it. */
export const MEMBER = { id: 'u.id', username: 'u.username', displayName: 'u.displayName' } as const

export interface MessageView {
  id: string
  conversationId: string
  seq: number
  sender: { id: string; username: string; displayName: string | null }
  clientId: string
  text: string | null
  createdAt: string
  editedAt: string | null
  deletedAt: string | null
}

/** Messages with their senders' names: what messageView reads. */
export function messageRows(db: Kysely<DB> | Transaction<DB>) {
  return db
    .selectFrom('messages as m')
    .innerJoin('users as u', 'u.id', 'm.senderId')
    .select([
      'm.id',
      'm.conversationId',
      'm.seq',
      'm.clientId',
      'm.text',
      'm.createdAt',
      'm.editedAt',
      'm.deletedAt',
      'm.senderId',
      MEMBER.username,
      MEMBER.displayName,
    ])
}

export function messageView(m: {
  id: string
  conversationId: string
  seq: string
  senderId: string
  clientId: string
  text: string | null
  createdAt: Date
  editedAt: Date | null
  deletedAt: Date | null
  username: string
  displayName: string | null
}): MessageView {
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: Number(m.seq),
    sender: { id: m.senderId, username: m.username, displayName: m.displayName },
    clientId: m.clientId,
    text: m.text,
    createdAt: m.createdAt.toISOString(),
    editedAt: m.editedAt?.toISOString() ?? null,
    deletedAt: m.deletedAt?.toISOString() ?? null,
  }
}
