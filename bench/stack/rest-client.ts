/**
 * One REST client process of bench:stack: CONCURRENCY loops, each taking a random account and a
 * random kind of request (home timeline 50%, profile 20%, like 15%, post 15%) until DURATION_MS,
 * then prints its counts and latencies as one JSON line.
 *
 * Input (stdin, JSON): { url, accounts: [{ token, username }], postIds, durationMs, concurrency }.
 */
interface Input {
  url: string
  accounts: { token: string; username: string }[]
  postIds: string[]
  durationMs: number
  concurrency: number
}

export {}

const input = (await Bun.stdin.json()) as Input
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!
const kinds = ['home', 'profile', 'like', 'post'] as const
type Kind = (typeof kinds)[number]
const latencies: Record<Kind, number[]> = { home: [], profile: [], like: [], post: [] }
const errors: Record<string, number> = {}

function request(kind: Kind): [string, RequestInit] {
  const account = pick(input.accounts)
  const auth = { authorization: `Bearer ${account.token}` }
  const json = { ...auth, 'content-type': 'application/json' }
  switch (kind) {
    case 'home':
      return [`${input.url}/v1/timelines/home?limit=20`, { headers: auth }]
    case 'profile':
      return [`${input.url}/v1/users/${pick(input.accounts).username}`, { headers: auth }]
    case 'like':
      return [`${input.url}/v1/posts/${pick(input.postIds)}/like`, { method: 'POST', headers: auth }]
    case 'post':
      return [
        `${input.url}/v1/posts`,
        {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ text: `stack bench ${crypto.randomUUID()}` }),
        },
      ]
  }
}

const until = performance.now() + input.durationMs
await Promise.all(
  Array.from({ length: input.concurrency }, async () => {
    while (performance.now() < until) {
      const r = Math.random()
      const kind: Kind = r < 0.5 ? 'home' : r < 0.7 ? 'profile' : r < 0.85 ? 'like' : 'post'
      const [url, init] = request(kind)
      const started = performance.now()
      try {
        const res = await fetch(url, init)
        await res.arrayBuffer()
        if (res.status >= 400) errors[`${kind} ${res.status}`] = (errors[`${kind} ${res.status}`] ?? 0) + 1
        else latencies[kind].push(performance.now() - started)
      } catch (error) {
        const key = `${kind} ${(error as Error).name}`
        errors[key] = (errors[key] ?? 0) + 1
      }
    }
  }),
)
console.log(JSON.stringify({ latencies, errors }))
