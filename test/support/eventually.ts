/** Polls `check` until it holds; resolves with the milliseconds it took, or throws after `ms`. */
export async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<number> {
  const started = Date.now()
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started
    await Bun.sleep(20)
  }
  throw new Error(`not within ${ms} ms`)
}
