import { SETTINGS } from './settings.ts'

export type Env = Record<string, string | undefined>

/**
 * Reads one setting at a time from the environment, falling back to its default in SETTINGS; a
 * wrong value is added to `problems`, naming its variable, and a stand-in is returned so that
 * every problem is found in one pass.
 */
export class Reader {
  private readonly defaults = new Map(SETTINGS.map((s) => [s.name, s.default]))

  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  string(name: string): string {
    const value = this.env[name]
    return value === undefined || value === '' ? (this.defaults.get(name) ?? '') : value.trim()
  }

  int(name: string, min: number, max: number): number {
    const raw = this.string(name)
    const value = Number(raw)
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name}: "${raw}" is not a whole number between ${min} and ${max}`)
      return min
    }
    return value
  }

  bool(name: string): boolean {
    const raw = this.string(name).toLowerCase()
    if (['true', '1', 'yes'].includes(raw)) return true
    if (['false', '0', 'no'].includes(raw)) return false
    this.problems.push(`${name}: "${raw}" is not true or false`)
    return false
  }

  url(name: string): string {
    const raw = this.string(name)
    if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(raw)) {
      this.problems.push(`${name}: "${raw}" is not an http(s) URL`)
    }
    return raw.replace(/\/+$/, '')
  }

  rtmpUrl(name: string): string {
    const raw = this.string(name)
    if (!/^rtmps?:\/\/[^\s/]+(\/[^\s]*)?$/.test(raw))
      this.problems.push(`${name}: "${raw}" is not an rtmp(s) URL`)
    return raw.replace(/\/+$/, '')
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const raw = this.string(name)
    if ((allowed as readonly string[]).includes(raw)) return raw as T
    this.problems.push(`${name}: "${raw}" is not one of ${allowed.join(', ')}`)
    return allowed[0]!
  }

  list(name: string, valid: (v: string) => boolean, expected: string): string[] {
    const items = this.string(name)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    const bad = items.filter((v) => !valid(v))
    if (bad.length > 0) this.problems.push(`${name}: "${bad.join(', ')}" is not valid (expected ${expected})`)
    return [...new Set(items)]
  }
}

export function parseDatabaseUrl(raw: string, problems: string[], variable = 'DATABASE_URL') {
  try {
    const url = new URL(raw)
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error('not postgres')
    const name = decodeURIComponent(url.pathname.replace(/^\//, ''))
    if (!name) throw new Error('no database name')
    const display = new URL(raw)
    if (display.password) display.password = '***'
    return { displayUrl: display.toString(), host: url.hostname, port: Number(url.port || 5432), name }
  } catch (error) {
    problems.push(
      `${variable}: expected postgres://user[:password]@host[:port]/database (${(error as Error).message})`,
    )
    return { displayUrl: '', host: '', port: 0, name: '' }
  }
}
