-- Profiles, follows (with requests for private accounts), blocks and mutes (src/users).

alter table users
  add column display_name text,
  add column bio text,
  add column links jsonb not null default '[]',
  add column is_private boolean not null default false,
  add column mention_policy text not null default 'everyone' check (mention_policy in ('everyone', 'following', 'nobody')),
  add column message_policy text not null default 'everyone' check (message_policy in ('everyone', 'following', 'nobody'));

-- Counts read on every profile, kept exact by the writes that change them (never counted per read).
create table user_counts (
  user_id uuid primary key references users (id) on delete cascade,
  followers bigint not null default 0 check (followers >= 0),
  following bigint not null default 0 check (following >= 0),
  posts bigint not null default 0 check (posts >= 0)
);
insert into user_counts (user_id) select id from users;

-- Every account has its counts row from the start, whichever code path creates it.
create function user_counts_create() returns trigger language plpgsql as $$
begin
  insert into user_counts (user_id) values (new.id);
  return null;
end;
$$;
create trigger user_counts_create after insert on users for each row execute function user_counts_create();

create table follows (
  follower_id uuid not null references users (id) on delete cascade,
  followee_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (follower_id, followee_id),
  check (follower_id <> followee_id)
);
-- Followers of an account, newest first (the primary key serves "following").
create index follows_followee on follows (followee_id, created_at desc, follower_id);
create index follows_follower_time on follows (follower_id, created_at desc, followee_id);

create table follow_requests (
  id uuid primary key,
  requester_id uuid not null references users (id) on delete cascade,
  target_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  unique (requester_id, target_id)
);
create index follow_requests_target on follow_requests (target_id, created_at desc, id);

create table blocks (
  blocker_id uuid not null references users (id) on delete cascade,
  blocked_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (blocker_id, blocked_id),
  check (blocker_id <> blocked_id)
);
create index blocks_blocked on blocks (blocked_id, blocker_id);
create index blocks_blocker_time on blocks (blocker_id, created_at desc, blocked_id);

create table mutes (
  muter_id uuid not null references users (id) on delete cascade,
  muted_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  -- null: until lifted.
  expires_at timestamptz,
  primary key (muter_id, muted_id),
  check (muter_id <> muted_id)
);
create index mutes_muter_time on mutes (muter_id, created_at desc, muted_id);
