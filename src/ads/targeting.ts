/**
 * Who a campaign is for, and who is looking. A campaign's targeting lists, each empty for
 * "anyone": countries (ISO 3166-1 alpha-2), age bands (from the birth date a user may give),
 * interests (tags the viewer writes, likes or follows through the accounts they engage with),
 * languages (ISO 639-1, from the viewer's Accept-Language), device kinds (from the User-Agent),
 * and hours of the day in the viewer's time zone.
 */

export const AGE_BANDS = ['13-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const
export type AgeBand = (typeof AGE_BANDS)[number]
export const DEVICES = ['mobile', 'tablet', 'desktop', 'tv'] as const
export type Device = (typeof DEVICES)[number]

export interface Targeting {
  countries: string[]
  ageBands: string[]
  interests: string[]
  languages: string[]
  devices: string[]
  /** 0-23 in the viewer's time zone; empty: every hour. */
  hours: number[]
}

/** What selection knows of a viewer at one serving. */
export interface Viewer {
  /** The signed-in user, or null. */
  userId: string | null
  /** Frequency caps and invalid-traffic counts: the user id, or a hash of the address. */
  key: string
  country: string | null
  ageBand: AgeBand | null
  device: Device
  languages: string[]
  interests: ReadonlySet<string>
  timeZone: string
  optedOut: boolean
}

/** The band of someone born on `birth`, at `now`; null under 13 or unknown. */
export function ageBandOf(birth: Date | null, now: Date): AgeBand | null {
  if (!birth) return null
  let age = now.getUTCFullYear() - birth.getUTCFullYear()
  const m = now.getUTCMonth() - birth.getUTCMonth()
  if (m < 0 || (m === 0 && now.getUTCDate() < birth.getUTCDate())) age--
  if (age < 13) return null
  if (age < 18) return '13-17'
  if (age < 25) return '18-24'
  if (age < 35) return '25-34'
  if (age < 45) return '35-44'
  if (age < 55) return '45-54'
  if (age < 65) return '55-64'
  return '65+'
}

/** The kind of device a User-Agent names (a rough reading: enough for targeting). */
export function deviceOf(userAgent: string | null): Device {
  const ua = (userAgent ?? '').toLowerCase()
  if (/smart-?tv|appletv|googletv|hbbtv|roku|crkey|tizen|webos|bravia/.test(ua)) return 'tv'
  if (/ipad|tablet|kindle|silk|playbook|(android(?!.*mobile))/.test(ua)) return 'tablet'
  if (/mobi|iphone|ipod|android|blackberry|opera mini|iemobile/.test(ua)) return 'mobile'
  return 'desktop'
}

const hourFormats = new Map<string, Intl.DateTimeFormat>()

/** The hour (0-23) at `at` in `timeZone` (UTC when the zone is unknown). */
export function localHour(at: Date, timeZone: string): number {
  let format = hourFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' })
    hourFormats.set(timeZone, format)
  }
  return Number(format.format(at)) % 24
}

/** Whether a time zone name is one Intl knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** Whether a campaign's targeting takes in the viewer, whose local hour is `hour` (see localHour). */
export function matches(t: Targeting, v: Viewer, hour: number): boolean {
  if (t.countries.length && (!v.country || !t.countries.includes(v.country))) return false
  if (t.ageBands.length && (!v.ageBand || !t.ageBands.includes(v.ageBand))) return false
  if (t.devices.length && !t.devices.includes(v.device)) return false
  if (t.languages.length && !t.languages.some((l) => v.languages.includes(l))) return false
  if (t.interests.length && !t.interests.some((i) => v.interests.has(i))) return false
  if (t.hours.length && !t.hours.includes(hour)) return false
  return true
}
