-- Direct messages (src/messages): one-to-one and group conversations, persisted, delivered live.

create table conversations (
  id uuid primary key,
  kind text not null check (kind in ('direct', 'group')),
  -- One-to-one: the two members' ids in order, so that a pair has one conversation.
  direct_key text unique,
  title text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- The last message's sequence number: each new message takes the next one under this row's lock.
  last_seq bigint not null default 0,
  last_message_at timestamptz
);

create table conversation_members (
  conversation_id uuid not null references conversations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  joined_at timestamptz not null default now(),
  -- Read receipt: the last sequence number this member has read.
  read_seq bigint not null default 0,
  primary key (conversation_id, user_id)
);
create index conversation_members_user on conversation_members (user_id, conversation_id);

create table messages (
  id uuid primary key,
  conversation_id uuid not null references conversations (id) on delete cascade,
  seq bigint not null,
  sender_id uuid not null references users (id) on delete cascade,
  -- The sender's own id for the message: sending it again stores it once.
  client_id text not null,
  -- Null once deleted (the place in the conversation stays).
  text text,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz,
  unique (conversation_id, seq),
  unique (conversation_id, sender_id, client_id)
);
