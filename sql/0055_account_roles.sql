-- Every account role (src/auth/permissions.ts ACCOUNT_ROLES): copyright (0030) and ads (0050)
-- each added theirs to the check, the later one without the other's.
alter table users drop constraint users_role_check;
alter table users add constraint users_role_check
  check (role in ('user', 'creator', 'moderator', 'admin', 'advertiser', 'rightsholder'));
