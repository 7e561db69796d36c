/**
 * Judges password strength with zxcvbn-ts in a thread of its own: its ranked lists are ~22 MB and
 * ~240,000 objects (most of an API node's live heap), which in the main thread every garbage
 * collection walked while serving requests. Messages: `{ id, password, userInputs }` in,
 * `{ id, score, warning, suggestion }` or `{ id, error }` out; `{ ready: true }` once loaded.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as english from '@zxcvbn-ts/language-en'

declare const self: Worker

export interface StrengthRequest {
  id: number
  password: string
  userInputs: string[]
}

export type StrengthReply =
  | { ready: true }
  | { id: number; score: number; warning: string | null; suggestion: string | null }
  | { id: number; error: string }

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
})

function reply(message: StrengthReply): void {
  self.postMessage(message)
}

self.onmessage = (event: MessageEvent<StrengthRequest>) => {
  const { id, password, userInputs } = event.data
  try {
    const result = zxcvbn.check(password, userInputs)
    reply({
      id,
      score: result.score,
      warning: result.feedback.warning || null,
      suggestion: result.feedback.suggestions[0] ?? null,
    })
  } catch (error) {
    reply({ id, error: String(error) })
  }
}

reply({ ready: true })
