import type { Authorizer } from '../platform/http/access.ts'

/**
 * Roles and what they may do: the one place that decides. Routes name a permission
 * (`{ permission: 'account:manage' }`); features add their permissions here.
 */
export const ACCOUNT_ROLES = ['user', 'creator', 'moderator', 'admin', 'advertiser', 'rightsholder'] as const
export type AccountRole = (typeof ACCOUNT_ROLES)[number]

const USER = ['account:read', 'account:manage', 'social:write'] as const
const CREATOR = [...USER, 'creator:monetize', 'ads:manage'] as const
/** Given to a user who opens an advertiser account (POST /v1/ads/advertisers); others keep theirs. */
const ADVERTISER = [...USER, 'ads:manage'] as const
const MODERATOR = [...USER, 'moderation:review', 'moderation:act', 'ads:manage'] as const
/** Owners of copyrighted works: references, claims, answers to disputes. */
const RIGHTSHOLDER = [...USER, 'copyright:claim'] as const
const ADMIN = [
  ...MODERATOR,
  'creator:monetize',
  'admin:users',
  'admin:jobs',
  'admin:notifications',
  'admin:moderation',
  'admin:analytics',
  'admin:ads',
  'admin:payments',
  'copyright:claim',
  'admin:copyright',
] as const

const GRANTS: Record<AccountRole, ReadonlySet<string>> = {
  user: new Set(USER),
  creator: new Set(CREATOR),
  moderator: new Set(MODERATOR),
  admin: new Set(ADMIN),
  advertiser: new Set(ADVERTISER),
  rightsholder: new Set(RIGHTSHOLDER),
}

export const authorize: Authorizer = (principal, permission) =>
  GRANTS[principal.role as AccountRole]?.has(permission) ?? false
