-- Live chat (src/live/chat*.ts): each stream's chat is a room (`live:<id>`) whose events are
-- numbered by the stream's StreamActor. Messages are kept for the replay (during and after the
-- stream); every room event is kept too, so a client's history can be read from here when the
-- JetStream history of the room falls short.
create table live_chat_messages (
  id uuid primary key,
  stream_id uuid not null references live_streams (id) on delete cascade,
  -- The room event that carried the message.
  seq bigint not null,
  author_id uuid not null references users (id) on delete cascade,
  text text not null,
  -- The author's own id for the message: a resend with it is stored once.
  client_id text not null,
  created_at timestamptz not null default now(),
  deleted_at timestamptz,
  deleted_by uuid references users (id) on delete set null,
  unique (stream_id, author_id, client_id)
);
create index live_chat_messages_seq on live_chat_messages (stream_id, seq);
-- Slow mode: a user's last message in a stream.
create index live_chat_messages_author on live_chat_messages (stream_id, author_id, created_at desc);

-- The room's events in order (messages, deletions, pins, timeouts, bans, viewers, the stream's changes).
create table live_chat_events (
  stream_id uuid not null references live_streams (id) on delete cascade,
  seq bigint not null,
  type text not null,
  data jsonb not null,
  created_at timestamptz not null default now(),
  primary key (stream_id, seq)
);

-- Moderators appointed by a streamer: for one stream (stream_id), or for all their streams (null).
create table live_chat_moderators (
  owner_id uuid not null references users (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  stream_id uuid references live_streams (id) on delete cascade,
  created_at timestamptz not null default now(),
  unique nulls not distinct (owner_id, user_id, stream_id)
);
create index live_chat_moderators_user on live_chat_moderators (user_id);

-- Bans (until null) and timeouts (until a time), for one stream or all the owner's streams (null).
create table live_chat_bans (
  owner_id uuid not null references users (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  stream_id uuid references live_streams (id) on delete cascade,
  until timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique nulls not distinct (owner_id, user_id, stream_id)
);

-- Words a streamer refuses in the chat of all their streams (lower case, matched in the normalised text).
create table live_chat_banned_terms (
  owner_id uuid not null references users (id) on delete cascade,
  term text not null,
  created_at timestamptz not null default now(),
  primary key (owner_id, term)
);

-- The pinned message of a stream's chat (one at a time).
create table live_chat_pins (
  stream_id uuid primary key references live_streams (id) on delete cascade,
  message_id uuid not null references live_chat_messages (id) on delete cascade,
  pinned_by uuid references users (id) on delete set null,
  pinned_at timestamptz not null default now()
);

-- What the owner and the moderators did, newest first.
create table live_chat_audit (
  id uuid primary key,
  stream_id uuid not null references live_streams (id) on delete cascade,
  actor_id uuid references users (id) on delete set null,
  action text not null,
  target_user_id uuid references users (id) on delete set null,
  message_id uuid,
  data jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index live_chat_audit_stream on live_chat_audit (stream_id, created_at desc, id desc);
