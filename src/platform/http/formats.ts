/**
 * The string formats request schemas are checked against (TypeBox's global FormatRegistry).
 *
 * `@elysiajs/openapi`, when its module loads, replaces the registry's checks for `uuid`, `email`,
 * `url`, `date`, `ipv4`... with ones that build a zod schema on every call: about 10 µs a check,
 * which made validation the largest cost of a 500-event analytics batch (two ids an event), and
 * its `date` is not ours. This module, evaluated after it (the import below), puts back Elysia's
 * own compiled checks for those formats and ours for uuids and dates, and is imported by the app and by
 * `dates.ts`, so every schema is checked the same way whatever was imported first.
 */
import '@elysiajs/openapi'
import { FormatRegistry } from '@sinclair/typebox'
import { fullFormats } from 'elysia/type-system/format'
import { parseCalendarDate, parseDateTime } from './dates.ts'

// PostgreSQL's uuid input takes no `urn:uuid:` prefix (Elysia's regex does): hex groups only.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
FormatRegistry.Set('uuid', (value) => UUID.test(value))
for (const name of ['email', 'url', 'uri', 'ipv4', 'ipv6', 'duration', 'time'] as const) {
  const check = fullFormats[name]
  if (check instanceof RegExp) FormatRegistry.Set(name, (value) => check.test(value))
  else if (typeof check === 'function') FormatRegistry.Set(name, (value) => Boolean(check(value)))
}
FormatRegistry.Set('date-time', (value) => parseDateTime(value) !== undefined)
FormatRegistry.Set('date', (value) => parseCalendarDate(value) !== undefined)
