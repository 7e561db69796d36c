-- Bookmarks, optionally in named collections (src/bookmarks).
create table bookmark_collections (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  name text not null check (length(name) between 1 and 60),
  created_at timestamptz not null default now()
);
create unique index bookmark_collections_name on bookmark_collections (user_id, lower(name));

create table bookmarks (
  user_id uuid not null references users (id) on delete cascade,
  post_id uuid not null references posts (id) on delete cascade,
  -- Deleting a collection keeps its bookmarks, outside any collection.
  collection_id uuid references bookmark_collections (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (user_id, post_id)
);
create index bookmarks_user_time on bookmarks (user_id, created_at desc, post_id desc);
