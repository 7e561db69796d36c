import type { Authorizer } from '../platform/http/access.ts'

/**
 * Roles and what they may do: the one place that decides. Routes name a permission
 * (`{ permission: 'account:manage' }`); features add their permissions here.
 */
export const ACCOUNT_ROLES = ['user', 'creator', 'moderator', 'admin'] as const
export type AccountRole = (typeof ACCOUNT_ROLES)[number]

const USER = ['account:read', 'account:manage', 'social:write'] as const
const CREATOR = [...USER, 'creator:monetize'] as const
const MODERATOR = [...USER, 'moderation:review', 'moderation:act'] as const
const ADMIN = [
  ...MODERATOR,
  'creator:monetize',
  'admin:users',
  'admin:jobs',
  'admin:moderation',
  'admin:analytics',
] as const

const GRANTS: Record<AccountRole, ReadonlySet<string>> = {
  user: new Set(USER),
  creator: new Set(CREATOR),
  moderator: new Set(MODERATOR),
  admin: new Set(ADMIN),
}

export const authorize: Authorizer = (principal, permission) =>
  GRANTS[principal.role as AccountRole]?.has(permission) ?? false
