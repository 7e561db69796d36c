import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity'
import type { Label, Screener } from '../screener.ts'

/** The label each word of obscenity's English list stands for; words not named here are insults. */
const HATE = new Set([
  'abo',
  'abeed',
  'africoon',
  'arabush',
  'boonga',
  'chingchong',
  'chink',
  'dyke',
  'fag',
  'kike',
  'negro',
  'nigger',
  'retard',
  'spastic',
  'tranny',
])
const INSULTS = new Set([
  'arse',
  'ass',
  'bastard',
  'bitch',
  'bollocks',
  'cuck',
  'cunt',
  'fuck',
  'hooker',
  'piss',
  'prick',
  'shit',
  'slut',
  'turd',
  'twat',
  'whore',
])

/** How sure one distinct word makes each label; each further distinct word adds STEP. */
const BASE = { hate: 0.85, sexual: 0.6, harassment: 0.5 } as const
const STEP = 0.1
/** An insult said to someone ("you ...", an @mention) is harassment more surely. */
const ADDRESSED = 0.2
const ADDRESSING = /(^|[^\p{L}])(you|your|you're|u|ur)([^\p{L}]|$)|(^|\s)@\w/iu

export const WORDS_SOURCE = 'obscenity@0.4.6'

type Category = keyof typeof BASE

function categoryOf(word: string): Category {
  if (HATE.has(word)) return 'hate'
  if (INSULTS.has(word)) return 'harassment'
  return 'sexual'
}

/**
 * The maintained English word list of `obscenity` (slurs, sexual terms, insults), matched through
 * its transformers, so "f.u.c.k", "fuuuck" or "sh1t" are found and "Scunthorpe" is not. Each
 * distinct word found counts towards its label: `hate` for slurs, `sexual`, `harassment` for
 * insults (more so when the text addresses someone). What a label then does is the policies'.
 */
export function wordListScreener(): Screener {
  const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers })
  return {
    async screenText(text) {
      const found = new Map<Category, Set<string>>()
      for (const match of matcher.getAllMatches(text)) {
        const word = englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord
        if (!word) continue
        const category = categoryOf(word)
        const words = found.get(category) ?? new Set<string>()
        words.add(word)
        found.set(category, words)
      }
      const labels: Label[] = []
      for (const [category, words] of found) {
        let score = BASE[category] + STEP * (words.size - 1)
        if (category === 'harassment' && ADDRESSING.test(text)) score += ADDRESSED
        labels.push({ value: category, score: round(Math.min(1, score)), source: WORDS_SOURCE })
      }
      return labels
    },
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}
