/**
 * A post's language (ISO 639-1) and the PostgreSQL text-search configuration it is indexed with:
 * the language's stemmer and stop words, `simple` (words as written) for a language PostgreSQL
 * has no configuration for, or for an unknown language.
 */
export const SEARCH_CONFIGS: Readonly<Record<string, string>> = {
  ar: 'arabic',
  ca: 'catalan',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  eu: 'basque',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hi: 'hindi',
  hu: 'hungarian',
  hy: 'armenian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  ne: 'nepali',
  nl: 'dutch',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
}

/** Every configuration posts may be indexed with (a search looks through all of them). */
export const ALL_SEARCH_CONFIGS = ['simple', ...new Set(Object.values(SEARCH_CONFIGS))]

export function searchConfigOf(language: string | null): string {
  return (language && SEARCH_CONFIGS[language]) || 'simple'
}

/**
 * Frequent short words of the languages told apart by detection: words that carry no meaning of
 * their own and are common in any text of the language, and rarely in the others'.
 */
const FUNCTION_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'the',
    'and',
    'is',
    'are',
    'was',
    'of',
    'to',
    'in',
    'that',
    'this',
    'with',
    'for',
    'it',
    'you',
    'not',
    'have',
    'be',
    'on',
    'what',
    'my',
  ],
  fr: [
    'le',
    'la',
    'les',
    'et',
    'est',
    'des',
    'une',
    'un',
    'du',
    'dans',
    'pour',
    'pas',
    'que',
    'qui',
    'sur',
    'avec',
    'je',
    'nous',
    'vous',
    'ce',
  ],
  de: [
    'der',
    'die',
    'das',
    'und',
    'ist',
    'nicht',
    'ein',
    'eine',
    'mit',
    'ich',
    'zu',
    'den',
    'auf',
    'für',
    'sich',
    'auch',
    'wir',
    'sie',
    'es',
    'dem',
  ],
  es: [
    'el',
    'la',
    'los',
    'las',
    'y',
    'es',
    'que',
    'de',
    'en',
    'un',
    'una',
    'por',
    'con',
    'para',
    'no',
    'lo',
    'se',
    'pero',
    'muy',
    'del',
  ],
  it: [
    'il',
    'lo',
    'gli',
    'e',
    'è',
    'che',
    'di',
    'un',
    'una',
    'per',
    'con',
    'non',
    'sono',
    'della',
    'nel',
    'anche',
    'ma',
    'io',
    'questo',
    'ho',
  ],
  pt: [
    'o',
    'os',
    'as',
    'e',
    'é',
    'que',
    'de',
    'um',
    'uma',
    'para',
    'com',
    'não',
    'em',
    'do',
    'da',
    'no',
    'na',
    'mas',
    'eu',
    'você',
  ],
  nl: [
    'de',
    'het',
    'een',
    'en',
    'is',
    'van',
    'niet',
    'dat',
    'die',
    'ik',
    'je',
    'met',
    'op',
    'voor',
    'zijn',
    'maar',
    'ook',
    'wat',
    'er',
    'naar',
  ],
}

const WORD = /[\p{L}']+/gu
const LISTS = new Map(Object.entries(FUNCTION_WORDS).map(([language, list]) => [language, new Set(list)]))
/**
 * The language of a text, told cheaply by its function words (FUNCTION_WORDS): the language with
 * the most of them, when it has at least two and more than any other. Null when the text is too
 * short or too mixed to tell: such a post is indexed word for word (`simple`).
 */
export function detectLanguage(text: string): string | null {
  const words = text.toLowerCase().match(WORD) ?? []
  let best: string | null = null
  let bestHits = 0
  let tied = false
  for (const [language, set] of LISTS) {
    let hits = 0
    for (const w of words) if (set.has(w)) hits++
    if (hits > bestHits) [best, bestHits, tied] = [language, hits, false]
    else if (hits === bestHits && hits > 0) tied = true
  }
  return bestHits >= 2 && !tied ? best : null
}
