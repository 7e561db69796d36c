import { HttpError, problems } from '../platform/errors.ts'
import type { StrengthReply, StrengthRequest } from './password-strength.worker.ts'

/**
 * Passwords: argon2id through Bun.password, strength judged by zxcvbn-ts against its shipped
 * lists of common passwords, names and words (plus the user's own name and address).
 */
export const PASSWORD_MIN_LENGTH = 10
/** argon2 hashes whatever it is given: a cap keeps a 1 MB "password" from costing a core. */
export const PASSWORD_MAX_LENGTH = 128
const MIN_SCORE = 3
/**
 * A judgement takes milliseconds; a thread that has answered none of the checks waiting on it for
 * this long is taken as lost (a queue of checks on a starved machine still moves, so it is the
 * thread's silence that counts, not one check's wait). Loading its lists gets longer.
 */
const STALL_MS = 10_000
const LOAD_MS = 60_000

type Verdict = Extract<StrengthReply, { score: number }>

interface Judge {
  worker: Worker
  ready: Promise<void>
  pending: Map<number, { resolve(verdict: Verdict): void; reject(error: Error): void }>
  /** Fails everything waiting on the thread and ends it; the next check starts a new one. */
  fail(error: Error): void
  /** When the thread last answered, or was given work while idle. */
  heardAt: number
  loaded: boolean
}

let judge: Judge | undefined
let nextId = 0

/**
 * zxcvbn's lists take ~22 MB of heap and a moment to rank, so they live in a thread of their own
 * (`password-strength.worker.ts`), started by the first check (the API role starts it at boot):
 * no garbage collection of the thread that serves requests walks them. Resolves once loaded.
 */
export function passwordChecker(): Promise<void> {
  return strengthJudge().ready
}

function strengthJudge(): Judge {
  if (judge) return judge
  const worker = new Worker(new URL('./password-strength.worker.ts', import.meta.url).href)
  const pending: Judge['pending'] = new Map()
  let loaded!: () => void
  let failed!: (error: Error) => void
  const ready = new Promise<void>((resolve, reject) => {
    loaded = resolve
    failed = reject
  })
  ready.catch(() => {})
  let watchdog: Timer | undefined
  const fail = (error: Error) => {
    if (judge === current) judge = undefined
    clearInterval(watchdog)
    failed(error)
    for (const waiter of pending.values()) waiter.reject(error)
    pending.clear()
    worker.terminate()
  }
  const current: Judge = { worker, ready, pending, fail, heardAt: Date.now(), loaded: false }
  // While it loads or has checks waiting, the thread must keep answering.
  watchdog = setInterval(() => {
    if (current.loaded && pending.size === 0) return
    const limit = current.loaded ? STALL_MS : LOAD_MS
    if (Date.now() - current.heardAt > limit)
      fail(new Error(`the password strength thread did not answer in ${limit} ms`))
  }, 1000)
  watchdog.unref()
  // The thread keeps the process alive only while it is loading or judging.
  const settle = () => {
    if (pending.size === 0) worker.unref()
  }
  worker.onmessage = (event: MessageEvent<StrengthReply>) => {
    current.heardAt = Date.now()
    const reply = event.data
    if ('ready' in reply) {
      current.loaded = true
      loaded()
      settle()
      return
    }
    const waiter = pending.get(reply.id)
    if (!waiter) return
    pending.delete(reply.id)
    settle()
    if ('error' in reply) waiter.reject(new Error(`password strength check failed: ${reply.error}`))
    else waiter.resolve(reply)
  }
  worker.onerror = (event) => fail(new Error(`the password strength thread failed: ${event.message}`))
  worker.addEventListener('close', () => fail(new Error('the password strength thread ended')))
  judge = current
  return current
}

/** zxcvbn's verdict on a password, from its thread. */
function judgeStrength(password: string, userInputs: string[]): Promise<Verdict> {
  const current = strengthJudge()
  const { worker, pending } = current
  const id = ++nextId
  return new Promise<Verdict>((resolve, reject) => {
    if (pending.size === 0) current.heardAt = Date.now()
    pending.set(id, { resolve, reject })
    worker.ref()
    worker.postMessage({ id, password, userInputs } satisfies StrengthRequest)
  })
}

export interface HashParams {
  memoryKib: number
  timeCost: number
}

export function hashPassword(password: string, params: HashParams): Promise<string> {
  return Bun.password.hash(password, {
    algorithm: 'argon2id',
    memoryCost: params.memoryKib,
    timeCost: params.timeCost,
  })
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return Bun.password.verify(password, hash)
}

/** Why a new password is refused, or null when it is acceptable. */
export async function passwordProblem(password: string, userInputs: string[]): Promise<string | null> {
  if (password.length < PASSWORD_MIN_LENGTH) return `use at least ${PASSWORD_MIN_LENGTH} characters`
  if (password.length > PASSWORD_MAX_LENGTH) return `use at most ${PASSWORD_MAX_LENGTH} characters`
  const verdict = await judgeStrength(password, userInputs).catch(() => {
    // The thread was lost (a new one starts with the next check): a moment's outage, not a bug.
    throw new HttpError(problems.unavailable, 'Passwords cannot be checked just now; try again in a moment', {
      headers: { 'retry-after': '5' },
    })
  })
  if (verdict.score >= MIN_SCORE) return null
  const hint = verdict.warning || verdict.suggestion
  return `this password is too easy to guess${hint ? `: ${hint}` : ''}`
}

/**
 * Sensitive changes (two-factor set-up, linking a provider) ask for the password again, so that a
 * stolen access token alone cannot take the account over. Accounts without a password (social
 * sign-in only) have nothing to ask.
 */
export async function confirmPassword(
  passwordHash: string | null,
  password: string | undefined,
): Promise<boolean> {
  if (!passwordHash) return true
  return password !== undefined && (await verifyPassword(password, passwordHash))
}

/**
 * A hash to verify against when the account does not exist, so that a login for an unknown
 * account takes as long as one for a known account with a wrong password.
 */
export function decoyHash(params: HashParams): Promise<string> {
  return hashPassword(crypto.randomUUID(), params)
}
