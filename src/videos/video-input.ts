import { fieldError } from '../platform/errors.ts'
import { dateTimeField } from '../platform/http/dates.ts'
import { checkName } from '../platform/text.ts'
import type { Visibility } from './video-views.ts'

export interface VideoInput {
  title: string
  description?: string
  tags?: string[]
  visibility: Visibility
  publishAt?: string | null
  minAge?: 13 | 16 | 18 | null
  allowedCountries?: string[]
  blockedCountries?: string[]
  commentsEnabled?: boolean
}

const COUNTRY = /^[A-Z]{2}$/
const TAG = /^[\p{L}\p{N}_]{1,50}$/u

/** The input's fields as the table stores them, normalized; a field error for any that is not valid. */
export function checkInput(input: Partial<VideoInput>) {
  const out: Partial<{
    title: string
    description: string
    tags: string[]
    visibility: Visibility
    publishAt: Date | null
    minAge: number | null
    allowedCountries: string[]
    blockedCountries: string[]
    commentsEnabled: boolean
  }> = {}
  if (input.title !== undefined) {
    const title = input.title.trim()
    if (!title) throw fieldError('body.title', 'must not be blank')
    checkName('body.title', title)
    out.title = title
  }
  if (input.description !== undefined) out.description = input.description
  if (input.tags !== undefined) {
    const tags = [...new Set(input.tags.map((t) => t.replace(/^#/, '').toLowerCase()))]
    const bad = tags.find((t) => !TAG.test(t))
    if (bad !== undefined) throw fieldError('body.tags', `"${bad}" is not a tag (letters, digits, _)`)
    out.tags = tags
  }
  if (input.visibility !== undefined) out.visibility = input.visibility
  if (input.publishAt !== undefined) {
    out.publishAt = input.publishAt === null ? null : dateTimeField('body.publishAt', input.publishAt)
  }
  if (input.minAge !== undefined) out.minAge = input.minAge
  for (const field of ['allowedCountries', 'blockedCountries'] as const) {
    const list = input[field]
    if (list === undefined) continue
    const codes = [...new Set(list.map((c) => c.toUpperCase()))]
    const bad = codes.find((c) => !COUNTRY.test(c))
    if (bad !== undefined) throw fieldError(`body.${field}`, `"${bad}" is not an ISO 3166-1 alpha-2 code`)
    out[field] = codes
  }
  if (input.commentsEnabled !== undefined) out.commentsEnabled = input.commentsEnabled
  return out
}
