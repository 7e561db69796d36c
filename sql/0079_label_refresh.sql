-- Labels are kept once per subject, value and source (src/moderation/labels.ts): a screening that
-- finds again what a source found before (a live stream's next frame, a chat line's retried job)
-- refreshes that label instead of adding the same one again. The score is the strongest the model
-- found (a moderator's label: what the moderator said last); last_seen_at is when the source last
-- said it and seen_count how many times; created_at stays when it was first said.
alter table moderation_labels add column last_seen_at timestamptz;
alter table moderation_labels add column seen_count integer not null default 1 check (seen_count >= 1);

-- The copies labels gathered before: one row each (the first), merged as a refresh would have.
with grouped as (
  select
    (array_agg(id order by created_at, id))[1] as keep,
    case
      when source like 'moderator:%' then (array_agg(score order by created_at desc, id desc))[1]
      else max(score)
    end as score,
    max(created_at) as last_seen_at,
    count(*)::integer as seen_count,
    subject_kind, subject_id, value, source
  from moderation_labels
  group by subject_kind, subject_id, value, source
  having count(*) > 1
), merged as (
  update moderation_labels l
  set score = g.score, last_seen_at = g.last_seen_at, seen_count = g.seen_count
  from grouped g
  where l.id = g.keep
  returning l.id, l.subject_kind, l.subject_id, l.value, l.source
)
delete from moderation_labels l
using merged m
where l.subject_kind = m.subject_kind and l.subject_id = m.subject_id and l.value = m.value
  and l.source = m.source and l.id <> m.id;

update moderation_labels set last_seen_at = created_at where last_seen_at is null;
alter table moderation_labels alter column last_seen_at set default now();
alter table moderation_labels alter column last_seen_at set not null;

create unique index moderation_labels_once on moderation_labels (subject_kind, subject_id, value, source);
