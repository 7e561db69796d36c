import { describe, expect, test } from 'bun:test'
import { FormatRegistry } from '@sinclair/typebox'
// The app loads @elysiajs/openapi, which replaces the registry's format checks with its own; the
// app's formats module puts ours back after it.
import '../../src/platform/http/app.ts'

describe('string formats, with @elysiajs/openapi loaded', () => {
  test('a date is a day that exists, years 0001 to 9999 (openapi’s rule takes 0000-01-01)', () => {
    const date = FormatRegistry.Get('date')!
    expect(date('2024-02-29')).toBe(true)
    expect(date('0000-01-01')).toBe(false)
    expect(date('2023-02-29')).toBe(false)
  })

  test('date-time, uuid and email are checked by our rules and Elysia’s compiled ones', () => {
    expect(FormatRegistry.Get('date-time')!('2026-12-07T10:00:00Z')).toBe(true)
    expect(FormatRegistry.Get('date-time')!('2026-13-07T10:00:00Z')).toBe(false)
    const uuid = FormatRegistry.Get('uuid')!
    expect(uuid(crypto.randomUUID())).toBe(true)
    expect(uuid('0F0E8A5E-2F4A-4B5C-9D6E-7F8A9B0C1D2E')).toBe(true)
    // PostgreSQL would refuse it (a 500 had it passed): the hex groups only.
    expect(uuid('urn:uuid:0f0e8a5e-2f4a-4b5c-9d6e-7f8a9b0c1d2e')).toBe(false)
    expect(uuid('0f0e8a5e-2f4a-4b5c-9d6e-7f8a9b0c1d2')).toBe(false)
    expect(FormatRegistry.Get('email')!('a@example.test')).toBe(true)
    expect(FormatRegistry.Get('email')!('a@')).toBe(false)
  })
})
