-- Notification channels (src/notifications/channels): e-mail, web push, mobile push, SMS; the
-- preferences that choose them, and a row per delivery that tracks each one.

-- Types come from the registry (src/notifications/registry.ts): other systems add theirs there.
alter table notifications drop constraint notifications_type_check;
-- Notifications from strangers, held apart when the recipient filters them (Mastodon's requests).
alter table notifications add column filtered boolean not null default false;
create index notifications_filtered on notifications (user_id, created_at desc) where filtered;

-- The account's time zone (IANA name): quiet hours and digests follow it.
alter table users add column time_zone text not null default 'UTC';

-- Mail of the queue may carry an HTML part and headers (List-Unsubscribe...).
alter table mail_queue add column html_body text;
alter table mail_queue add column headers jsonb;

-- Per type: channels turned on or off (only what differs from the type's defaults) and from whom.
create table notification_preferences (
  user_id uuid not null references users (id) on delete cascade,
  type text not null,
  channels jsonb not null default '{}',
  from_whom text check (from_whom in ('anyone', 'following', 'followers', 'mutuals', 'nobody')),
  primary key (user_id, type)
);

-- Senders whose filtered notifications the recipient accepted: theirs are no longer filtered.
create table notification_request_accepts (
  user_id uuid not null references users (id) on delete cascade,
  actor_id uuid not null references users (id) on delete cascade,
  primary key (user_id, actor_id)
);

-- Per account: strangers filtered, quiet hours (local minutes of the day), digests.
create table notification_settings (
  user_id uuid primary key references users (id) on delete cascade,
  filter_strangers boolean not null default false,
  quiet_start smallint check (quiet_start between 0 and 1439),
  quiet_end smallint check (quiet_end between 0 and 1439),
  digest text not null default 'off' check (digest in ('off', 'daily', 'weekly')),
  -- Local hour (0-23) and, for weekly digests, ISO weekday (1 Monday .. 7 Sunday).
  digest_hour smallint not null default 8 check (digest_hour between 0 and 23),
  digest_weekday smallint not null default 1 check (digest_weekday between 1 and 7),
  last_digest_at timestamptz,
  -- Set by one-click unsubscribe from a digest or from "all e-mail".
  email_off boolean not null default false
);
create index notification_settings_digest on notification_settings (digest) where digest <> 'off';

-- Browser push subscriptions (the PushSubscription JSON of the browser).
create table push_subscriptions (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  endpoint text not null unique,
  p256dh text not null,
  auth text not null,
  created_at timestamptz not null default now()
);
create index push_subscriptions_user on push_subscriptions (user_id);

-- Mobile devices (FCM registration tokens).
create table devices (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  token text not null unique,
  platform text not null check (platform in ('android', 'ios', 'web')),
  app_version text,
  created_at timestamptz not null default now()
);
create index devices_user on devices (user_id);

-- A phone number for SMS, verified by a code first.
create table user_phones (
  user_id uuid primary key references users (id) on delete cascade,
  phone text not null,
  verified_at timestamptz,
  code_hash text,
  code_expires_at timestamptz,
  code_attempts int not null default 0
);

-- Addresses a bounce or complaint took off every mailing.
create table email_suppressions (
  address text primary key,
  reason text not null check (reason in ('bounce', 'complaint', 'manual')),
  detail text,
  created_at timestamptz not null default now()
);

-- Made once and kept for every node: the VAPID key pair and the key of unsubscribe/click links.
create table notification_keys (
  id smallint primary key check (id = 1),
  vapid_public text not null,
  vapid_private text not null,
  link_secret bytea not null
);

create table notification_deliveries (
  id uuid primary key,
  notification_id uuid references notifications (id) on delete set null,
  user_id uuid not null references users (id) on delete cascade,
  type text not null,
  channel text not null check (channel in ('email', 'web_push', 'mobile_push', 'sms')),
  -- queued: to be sent (or, for e-mail, handed to the mail queue); deferred: waits for quiet hours
  -- to end (run_after); sent; delivered (the provider said so); opened (a tracked link or a push
  -- click); failed (reason: the provider's answer); skipped (reason: not_configured, capped,
  -- expired, suppressed, collapsed, gone).
  state text not null check (state in ('queued', 'deferred', 'sent', 'delivered', 'opened', 'failed', 'skipped')),
  reason text,
  -- One delivery per event, recipient, channel and target: handling an event twice sends once.
  dedup_key text not null unique,
  group_key text,
  urgent boolean not null default false,
  expires_at timestamptz,
  run_after timestamptz,
  -- The subscription, device, address or number it goes to.
  target_id text,
  content jsonb not null,
  mail_id uuid,
  provider_id text,
  attempts int not null default 0,
  job_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sent_at timestamptz,
  opened_at timestamptz
);
create index notification_deliveries_recent on notification_deliveries (created_at desc, id desc);
create index notification_deliveries_due on notification_deliveries (run_after) where state = 'deferred';
create index notification_deliveries_user on notification_deliveries (user_id, channel, created_at desc);
create index notification_deliveries_group on notification_deliveries (user_id, channel, group_key, created_at desc);
create index notification_deliveries_mail on notification_deliveries (mail_id) where mail_id is not null;
create index notification_deliveries_provider on notification_deliveries (provider_id) where provider_id is not null;

-- The mail queue sends e-mail deliveries: its outcome is the delivery's.
create function notification_mail_outcome() returns trigger language plpgsql as $$
begin
  if new.sent_at is not null and old.sent_at is null then
    update notification_deliveries set state = 'sent', sent_at = new.sent_at, updated_at = now()
      where mail_id = new.id and state = 'queued';
  elsif new.failed_at is not null and old.failed_at is null then
    update notification_deliveries set state = 'failed', reason = left(new.last_error, 500), updated_at = now()
      where mail_id = new.id and state = 'queued';
  end if;
  return new;
end $$;
create trigger mail_queue_notification_outcome after update of sent_at, failed_at on mail_queue
  for each row when (new.kind = 'notification') execute function notification_mail_outcome();
