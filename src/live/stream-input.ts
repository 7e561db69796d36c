import type { Updateable } from 'kysely'
import type { LiveStreams } from '../platform/db/schema.ts'
import { fieldError } from '../platform/errors.ts'
import { checkName } from '../platform/text.ts'
import type { LatencyMode } from './backend.ts'
import type { StreamVisibility } from './views.ts'

export interface StreamInput {
  title: string
  description?: string
  category?: string | null
  visibility: StreamVisibility
  record?: boolean
  latencyMode?: LatencyMode
  chat?: {
    slowSeconds?: number
    followersOnlyMinutes?: number | null
    subscribersOnly?: boolean
    emoteOnly?: boolean
  }
}

const CATEGORY = /^[\p{L}\p{N} &'_-]{1,60}$/u

/** The input's fields as the table stores them; a field error for any that is not valid. */
export function checkInput(input: Partial<StreamInput>): Updateable<LiveStreams> {
  const out: Updateable<LiveStreams> = {}
  if (input.title !== undefined) {
    const title = input.title.trim()
    if (!title) throw fieldError('body.title', 'must not be blank')
    checkName('body.title', title)
    out.title = title
  }
  if (input.description !== undefined) out.description = input.description
  if (input.category !== undefined) {
    const category = input.category?.trim() || null
    if (category !== null && !CATEGORY.test(category))
      throw fieldError('body.category', "letters, digits, spaces and & ' _ - only (at most 60)")
    out.category = category
  }
  if (input.visibility !== undefined) out.visibility = input.visibility
  if (input.record !== undefined) out.record = input.record
  if (input.latencyMode !== undefined) out.latencyMode = input.latencyMode
  const chat = input.chat
  if (chat?.slowSeconds !== undefined) out.chatSlowSeconds = chat.slowSeconds
  if (chat?.followersOnlyMinutes !== undefined) out.chatFollowersOnlyMinutes = chat.followersOnlyMinutes
  if (chat?.subscribersOnly !== undefined) out.chatSubscribersOnly = chat.subscribersOnly
  if (chat?.emoteOnly !== undefined) out.chatEmoteOnly = chat.emoteOnly
  return out
}
