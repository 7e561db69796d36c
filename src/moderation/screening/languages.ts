import {
  BatchDetectDominantLanguageCommand,
  type ComprehendClient,
  DetectDominantLanguageCommand,
  type DominantLanguage,
} from '@aws-sdk/client-comprehend'
import { type Label, type Screener, screenEach, type TextItem } from '../screener.ts'
import { segmentsOf } from './aws.ts'

/** BatchDetectDominantLanguage: at most 25 documents per request (each at most 5 KB). */
const DOCUMENTS_PER_REQUEST = 25

/**
 * MODERATION_PROVIDER=aws: Comprehend's DetectToxicContent reads English only, and reading another
 * language as English misjudges it (an insult missed, a harmless word taken for one). So each
 * text's dominant language is detected first through Comprehend (DetectDominantLanguage; several
 * texts, a chat batch: BatchDetectDominantLanguage, 25 a request), from its first segment
 * (`segmentsOf`, 1 KB). English texts go to `english` (DetectToxicContent), the others to `others`
 * (the local word list and the administrators' term lists), each with the detected language as
 * its context's `language` (ISO 639-1: term lists of that language apply). A text whose language
 * is not found (empty, or an item error of the batch) goes to `others`.
 */
export function byLanguage(
  client: ComprehendClient,
  routes: { english: Screener; others: Screener },
): Screener {
  const screenTexts = async (items: TextItem[]): Promise<Label[][]> => {
    const languages = await detect(
      client,
      items.map(({ text }) => segmentsOf(text)[0] ?? ''),
    )
    const routed = items.map((item, i) => ({
      item: { text: item.text, ctx: { ...item.ctx, language: languages[i] ?? item.ctx.language } },
      english: languages[i] === 'en',
    }))
    const english = routed.filter((r) => r.english).map((r) => r.item)
    const others = routed.filter((r) => !r.english).map((r) => r.item)
    const [fromEnglish, fromOthers] = await Promise.all([
      screenEach(routes.english, english),
      screenEach(routes.others, others),
    ])
    return routed.map((r) => (r.english ? fromEnglish.shift() : fromOthers.shift()) ?? [])
  }
  return {
    screenTexts,
    async screenText(text, ctx) {
      return (await screenTexts([{ text, ctx }]))[0]!
    },
  }
}

/** The dominant language of each sample (ISO 639-1, lower case), null when none was found. */
async function detect(client: ComprehendClient, samples: string[]): Promise<(string | null)[]> {
  const found: (string | null)[] = samples.map(() => null)
  const asked = samples.flatMap((text, index) => (text ? [{ text, index }] : []))
  if (asked.length === 1) {
    const answer = await client.send(new DetectDominantLanguageCommand({ Text: asked[0]!.text }))
    found[asked[0]!.index] = dominant(answer.Languages)
    return found
  }
  for (let at = 0; at < asked.length; at += DOCUMENTS_PER_REQUEST) {
    const request = asked.slice(at, at + DOCUMENTS_PER_REQUEST)
    const answer = await client.send(
      new BatchDetectDominantLanguageCommand({ TextList: request.map((r) => r.text) }),
    )
    for (const result of answer.ResultList ?? []) {
      const item = result.Index === undefined ? undefined : request[result.Index]
      if (item) found[item.index] = dominant(result.Languages)
    }
  }
  return found
}

/** The first (highest scoring) language, as ISO 639-1: `zh-TW` is `zh`. */
function dominant(languages: DominantLanguage[] | undefined): string | null {
  const code = languages?.[0]?.LanguageCode
  return code ? code.split('-')[0]!.toLowerCase() : null
}
