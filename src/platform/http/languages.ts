/** The languages of an Accept-Language header, most wanted first, as ISO 639-1 codes. */
export function languagesOf(header: string | null): string[] {
  if (!header) return []
  const found: { lang: string; q: number }[] = []
  for (const part of header.split(',').slice(0, 20)) {
    const [tag, ...params] = part.trim().split(';')
    const lang = tag?.trim().slice(0, 2).toLowerCase()
    if (!lang || !/^[a-z]{2}$/.test(lang)) continue
    const q = Number(
      params
        .find((p) => p.trim().startsWith('q='))
        ?.trim()
        .slice(2) ?? 1,
    )
    if (q > 0 && !found.some((f) => f.lang === lang)) found.push({ lang, q: Number.isFinite(q) ? q : 0 })
  }
  return found.sort((a, b) => b.q - a.q).map((f) => f.lang)
}
