-- Images for posts (src/media): metadata here, bytes in object storage.
create table media (
  id uuid primary key,
  owner_id uuid not null references users (id) on delete cascade,
  content_type text not null,
  width int not null,
  height int not null,
  size_bytes bigint not null,
  alt_text text,
  -- [{ name, width, height, key, contentType, sizeBytes }]: the stored, resized renditions.
  variants jsonb not null,
  -- Set when a post uses it (once); unattached media are the owner's alone to attach.
  post_id uuid references posts (id) on delete cascade,
  position int,
  created_at timestamptz not null default now()
);
create index media_post on media (post_id, position) where post_id is not null;
create index media_owner_unattached on media (owner_id, created_at) where post_id is null;
