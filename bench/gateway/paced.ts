/**
 * Sends the bench frames `from`..`from + n - 1`, each `{ op: 'event', channel, type: 'bench', data: { i, t } }`
 * serialised once: due every `gapMs` from the first, however long the last took to go out (a
 * sender that waited `gapMs` after each would never let frames queue), or back to back when
 * `gapMs` is 0, yielding every 20. bench/gateway publishes them on NATS for every server.
 */
export async function sendPaced(
  channel: string,
  n: number,
  gapMs: number,
  from: number,
  send: (frame: string) => void,
): Promise<void> {
  const start = performance.now()
  for (let i = 0; i < n; i++) {
    send(JSON.stringify({ op: 'event', channel, type: 'bench', data: { i: from + i, t: Date.now() } }))
    if (gapMs) await Bun.sleep(Math.max(0, start + (i + 1) * gapMs - performance.now()))
    else if (i % 20 === 19) await Bun.sleep(0)
  }
}
