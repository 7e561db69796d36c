import { heapStats } from 'bun:jsc'
import { expect, test } from 'bun:test'
import { passwordChecker, passwordProblem } from '../../src/auth/passwords.ts'

test("zxcvbn's lists are loaded in their own thread, not in the heap of the thread that serves requests", async () => {
  Bun.gc(true)
  const before = heapStats().objectCount
  await passwordChecker()
  Bun.gc(true)
  // Loaded here, the ranked lists are ~240,000 objects and ~22 MB.
  expect(heapStats().objectCount - before).toBeLessThan(30_000)
})

test("passwords are judged by their strength, with the user's own words counted as guessable", async () => {
  expect(await passwordProblem('password123', [])).toMatch(/too easy to guess/)
  expect(await passwordProblem('short', [])).toMatch(/at least 10/)
  expect(await passwordProblem('x'.repeat(129), [])).toMatch(/at most 128/)
  expect(await passwordProblem('violet-harbour-quantum-7', [])).toBeNull()
  expect(await passwordProblem('tangerine-orbit-5521', [])).toBeNull()
  expect(
    await passwordProblem('tangerine-orbit-5521', [
      'tangerine-orbit-5521@example.com',
      'tangerine-orbit-5521',
    ]),
  ).toMatch(/too easy to guess/)
})

test('checks made at once each get their own verdict', async () => {
  const candidates = Array.from({ length: 40 }, (_, i) =>
    i % 2 === 0 ? `qwerty1234${i}` : `violet-harbour-quantum-${i}`,
  )
  const verdicts = await Promise.all(candidates.map((p) => passwordProblem(p, [])))
  verdicts.forEach((verdict, i) => {
    if (i % 2 === 0) expect(verdict).toMatch(/too easy to guess/)
    else expect(verdict).toBeNull()
  })
})
