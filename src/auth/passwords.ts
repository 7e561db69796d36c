import type { ZxcvbnFactory } from '@zxcvbn-ts/core'

/**
 * Passwords: argon2id through Bun.password, strength judged by zxcvbn-ts against its shipped
 * lists of common passwords, names and words (plus the user's own name and address).
 */
export const PASSWORD_MIN_LENGTH = 10
/** argon2 hashes whatever it is given: a cap keeps a 1 MB "password" from costing a core. */
export const PASSWORD_MAX_LENGTH = 128
const MIN_SCORE = 3

let strength: Promise<ZxcvbnFactory> | undefined

/**
 * zxcvbn's lists take megabytes of heap and a moment to rank: they are loaded by the first check
 * (the API role starts loading them at boot), so gateways and workers, which never judge a
 * password, do not carry them through every garbage collection.
 */
export function passwordChecker(): Promise<ZxcvbnFactory> {
  strength ??= (async () => {
    const [{ ZxcvbnFactory }, common, english] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ])
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...english.dictionary },
      graphs: common.adjacencyGraphs,
      translations: english.translations,
    })
  })()
  // A failed load is tried again by the next check.
  strength.catch(() => {
    strength = undefined
  })
  return strength
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
  const result = (await passwordChecker()).check(password, userInputs)
  if (result.score >= MIN_SCORE) return null
  const hint = result.feedback.warning || result.feedback.suggestions[0]
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
