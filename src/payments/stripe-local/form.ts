/**
 * Stripe's request bodies: `application/x-www-form-urlencoded` with bracketed keys
 * (`metadata[userId]=1`, `line_items[0][price]=price_1`, `expand[]=x`), read into nested objects
 * and arrays as the SDK meant them.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue }
export type Form = { [key: string]: FormValue }

export function parseForm(text: string): Form {
  const root: Form = {}
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const path = rawKey.split('[').map((part, i) => (i === 0 ? part : part.replace(/]$/, '')))
    // biome-ignore lint/suspicious/noExplicitAny: walking a tree being built
    let node: any = root
    path.forEach((part, i) => {
      const last = i === path.length - 1
      const nextIsIndex = !last && /^\d*$/.test(path[i + 1]!)
      const key = part === '' && Array.isArray(node) ? node.length : part
      if (last) {
        node[key] = value
        return
      }
      node[key] ??= nextIsIndex ? [] : {}
      node = node[key]
    })
  }
  return root
}

/** A field as a string (or undefined). */
export function str(form: Form | undefined, key: string): string | undefined {
  const v = form?.[key]
  return typeof v === 'string' ? v : undefined
}

export function int(form: Form | undefined, key: string): number | undefined {
  const v = str(form, key)
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined
  return Number(v)
}

export function obj(form: Form | undefined, key: string): Form | undefined {
  const v = form?.[key]
  return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined
}

export function list(form: Form | undefined, key: string): FormValue[] {
  const v = form?.[key]
  if (Array.isArray(v)) return v
  if (v && typeof v === 'object') return Object.values(v)
  return []
}

/** Metadata: string values only. */
export function metadata(form: Form | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(obj(form, 'metadata') ?? {})) if (typeof v === 'string') out[k] = v
  return out
}
