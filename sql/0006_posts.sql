-- Posts, their edits, mentions, hashtags, likes and reposts (src/posts).

create table posts (
  id uuid primary key,
  author_id uuid not null references users (id) on delete cascade,
  text text not null,
  visibility text not null check (visibility in ('public', 'followers', 'mentioned')),
  content_warning text,
  sensitive boolean not null default false,
  reply_to_id uuid references posts (id) on delete set null,
  -- The first post of the thread (itself for a thread's first post).
  thread_id uuid not null,
  quote_of_id uuid references posts (id) on delete set null,
  -- Null while scheduled: nobody but the author sees it until the worker publishes it.
  published_at timestamptz,
  scheduled_at timestamptz,
  edited_at timestamptz,
  created_at timestamptz not null default now(),
  search tsvector generated always as (to_tsvector('simple', coalesce(content_warning, '') || ' ' || text)) stored
);
create index posts_author_time on posts (author_id, published_at desc, id desc) where published_at is not null;
create index posts_thread on posts (thread_id, created_at);
create index posts_reply_to on posts (reply_to_id) where reply_to_id is not null;
create index posts_public_time on posts (published_at desc, id desc) where published_at is not null and visibility = 'public';
create index posts_scheduled on posts (scheduled_at) where published_at is null;
create index posts_search on posts using gin (search);

-- Counts read with every post, kept exact by the writes that change them.
create table post_counts (
  post_id uuid primary key references posts (id) on delete cascade,
  likes bigint not null default 0 check (likes >= 0),
  reposts bigint not null default 0 check (reposts >= 0),
  replies bigint not null default 0 check (replies >= 0),
  quotes bigint not null default 0 check (quotes >= 0)
);

-- Earlier versions of edited posts, newest last.
create table post_edits (
  id uuid primary key,
  post_id uuid not null references posts (id) on delete cascade,
  text text not null,
  content_warning text,
  sensitive boolean not null,
  -- When this version was replaced.
  replaced_at timestamptz not null default now()
);
create index post_edits_post on post_edits (post_id, replaced_at);

-- Accounts a post reaches by mention (a mention of someone who blocks the author reaches nobody).
create table post_mentions (
  post_id uuid not null references posts (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  primary key (post_id, user_id)
);
create index post_mentions_user on post_mentions (user_id, post_id);

create table post_tags (
  post_id uuid not null references posts (id) on delete cascade,
  tag text not null,
  primary key (post_id, tag)
);
create index post_tags_tag on post_tags (tag, post_id desc);

create table likes (
  user_id uuid not null references users (id) on delete cascade,
  post_id uuid not null references posts (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, post_id)
);
create index likes_post_time on likes (post_id, created_at desc, user_id);

create table reposts (
  user_id uuid not null references users (id) on delete cascade,
  post_id uuid not null references posts (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, post_id)
);
create index reposts_post_time on reposts (post_id, created_at desc, user_id);
