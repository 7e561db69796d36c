import { fieldError } from '../platform/errors.ts'

export type PolicyAction = 'block' | 'monetize' | 'track'
/** What a reference's holder wants where it is found: per ISO country code, `*` for the rest. */
export type Policies = Record<string, PolicyAction>

const ACTIONS: readonly string[] = ['block', 'monetize', 'track']
const TERRITORY = /^(\*|[A-Z]{2})$/

export function checkPolicies(input: Record<string, string>): Policies {
  const entries = Object.entries(input)
  if (entries.length === 0) throw fieldError('body.policies', 'give at least one territory')
  if (entries.length > 250) throw fieldError('body.policies', 'at most 250 territories')
  const out: Policies = {}
  for (const [territory, action] of entries) {
    if (!TERRITORY.test(territory))
      throw fieldError('body.policies', `"${territory.slice(0, 8)}" is not an ISO country code or *`)
    if (!ACTIONS.includes(action))
      throw fieldError('body.policies', 'each policy is block, monetize or track')
    out[territory] = action as PolicyAction
  }
  return out
}

/** What the holder wants for a viewer in `country` (null: unknown, the `*` rule): `track` by default. */
export function actionIn(policies: Policies, country: string | null): PolicyAction {
  return (country ? policies[country.toUpperCase()] : undefined) ?? policies['*'] ?? 'track'
}

/**
 * What a claim under `policies` does: `policy` where no country rule applies (`*`, else `track`),
 * and the countries where playback is blocked (when `policy` is not already `block` everywhere).
 */
export function resolve(policies: Policies): { policy: PolicyAction; blockedCountries: string[] } {
  const policy = policies['*'] ?? 'track'
  const blockedCountries =
    policy === 'block'
      ? []
      : Object.entries(policies)
          .filter(([t, a]) => t !== '*' && a === 'block')
          .map(([t]) => t)
          .sort()
  return { policy, blockedCountries }
}
