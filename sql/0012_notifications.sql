-- In-app notifications (src/notifications), made by the worker from domain events.

create table notifications (
  id uuid primary key,
  -- Who is notified.
  user_id uuid not null references users (id) on delete cascade,
  type text not null check (type in ('follow', 'follow_request', 'like', 'repost', 'reply', 'mention', 'quote')),
  -- Who did it.
  actor_id uuid not null references users (id) on delete cascade,
  -- The post it is about: the liked or reposted post; the reply, mention or quote itself.
  post_id uuid references posts (id) on delete cascade,
  -- Notifications with the same key are shown together ("12 people liked your post").
  group_key text not null,
  -- The domain event it was made from: handling an event twice makes it once.
  event_id uuid not null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  unique (event_id, user_id)
);
create index notifications_user_time on notifications (user_id, created_at desc, id desc);
create index notifications_unread on notifications (user_id) where read_at is null;
create index notifications_post on notifications (post_id) where post_id is not null;
create index notifications_actor on notifications (user_id, actor_id, type);
