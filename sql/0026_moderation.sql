-- Moderation (src/moderation): labels, policies, term lists, reports merged into cases, actions
-- with statements of reasons, appeals, and the audit log.

-- What moderation did to a post, beside what its author chose: null (nothing), shown as
-- sensitive, only for adult viewers, held for review (author and moderators only), removed.
alter table posts add column moderation text
  check (moderation in ('sensitive', 'age_restricted', 'held', 'removed'));
-- The content warning moderation adds (the label that caused it), shown when the author gave none.
alter table posts add column moderation_warning text;
-- Limited accounts reach only their followers: their public posts count as followers-only.
alter table users add column reach_limited boolean not null default false;

-- A statement of reasons is a notification without an actor (the platform speaks).
alter table notifications drop constraint notifications_type_check;
alter table notifications add constraint notifications_type_check
  check (type in ('follow', 'follow_request', 'like', 'repost', 'reply', 'mention', 'quote', 'live_started', 'moderation'));
alter table notifications alter column actor_id drop not null;
-- What a moderation notification is about: an action (to its target) or a report (to its reporter).
alter table notifications add column moderation_action_id uuid;
alter table notifications add column report_id uuid;

-- A label on a subject (Bluesky's idea): several per subject, from models or moderators.
create table moderation_labels (
  id uuid primary key,
  subject_kind text not null check (subject_kind in ('post', 'user', 'video', 'image', 'stream', 'message')),
  subject_id text not null,
  value text not null,
  score real not null check (score >= 0 and score <= 1),
  -- The model and its version ('obscenity@0.4'), 'terms' for the admin lists, or 'moderator:<id>'.
  source text not null,
  created_at timestamptz not null default now()
);
create index moderation_labels_subject on moderation_labels (subject_kind, subject_id, created_at);

-- Per label value and score threshold, what happens to the subject (the highest threshold reached wins).
create table moderation_policies (
  label text not null,
  min_score real not null check (min_score >= 0 and min_score <= 1),
  outcome text not null check (outcome in ('allow', 'sensitive', 'age_restrict', 'hold', 'remove')),
  primary key (label, min_score)
);

-- Terms administrators list; matched inline when a text is written.
create table moderation_terms (
  id uuid primary key,
  pattern text not null,
  is_regex boolean not null,
  -- ISO 639-1; null: every language.
  language text,
  severity smallint not null check (severity between 1 and 3),
  label text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);

-- Reports on one subject merged for moderators: at most one case per subject is not resolved.
create table moderation_cases (
  id uuid primary key,
  subject_kind text not null,
  subject_id text not null,
  -- Whose content it is (the reported account for a 'user' subject).
  subject_user_id uuid references users (id) on delete cascade,
  state text not null default 'open' check (state in ('open', 'escalated', 'resolved')),
  -- Higher first: see cases.ts (category, reporters, labels, the author's reach).
  priority integer not null default 0,
  assignee_id uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  resolved_at timestamptz
);
create unique index moderation_cases_one_open on moderation_cases (subject_kind, subject_id) where state <> 'resolved';
create index moderation_cases_queue on moderation_cases (state, priority desc, id);

create table reports (
  id uuid primary key,
  case_id uuid not null references moderation_cases (id) on delete cascade,
  reporter_id uuid not null references users (id) on delete cascade,
  category text not null,
  comment text,
  -- Further subjects of the same account the reporter pointed at ([{kind, id}]).
  extra_subjects jsonb not null default '[]',
  created_at timestamptz not null default now(),
  -- When the reporter was told the outcome.
  told_at timestamptz,
  unique (case_id, reporter_id)
);
create index reports_time on reports (created_at);

create table moderation_case_notes (
  id uuid primary key,
  case_id uuid not null references moderation_cases (id) on delete cascade,
  author_id uuid references users (id) on delete set null,
  text text not null,
  created_at timestamptz not null default now()
);
create index moderation_case_notes_case on moderation_case_notes (case_id, created_at);

create table moderation_actions (
  id uuid primary key,
  kind text not null check (kind in ('remove', 'sensitive', 'age_restrict', 'hold', 'warn', 'limit', 'suspend', 'ban')),
  subject_kind text not null,
  subject_id text not null,
  -- Who is told and may appeal.
  target_user_id uuid references users (id) on delete cascade,
  -- Null for an automated action (a policy applied to a label).
  moderator_id uuid references users (id) on delete set null,
  case_id uuid references moderation_cases (id) on delete set null,
  -- The statement of reasons: the rule, the subject, what happens, how to appeal.
  statement jsonb not null,
  until timestamptz,
  -- What the subject was before, so that reversing restores it.
  previous jsonb not null default '{}',
  created_at timestamptz not null default now(),
  reversed_at timestamptz,
  reversed_by uuid references users (id) on delete set null
);
create index moderation_actions_subject on moderation_actions (subject_kind, subject_id);
create index moderation_actions_time on moderation_actions (created_at);

create table appeals (
  id uuid primary key,
  action_id uuid not null unique references moderation_actions (id) on delete cascade,
  appellant_id uuid not null references users (id) on delete cascade,
  text text not null,
  state text not null default 'pending' check (state in ('pending', 'upheld', 'reversed')),
  decided_by uuid references users (id) on delete set null,
  decision_reason text,
  created_at timestamptz not null default now(),
  decided_at timestamptz
);

-- Who did what, for administrators.
create table moderation_audit (
  id uuid primary key,
  actor_id uuid references users (id) on delete set null,
  verb text not null,
  subject_kind text,
  subject_id text,
  data jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index moderation_audit_time on moderation_audit (created_at desc, id desc);
