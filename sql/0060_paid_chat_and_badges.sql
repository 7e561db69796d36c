-- Paid highlighted chat messages and subscriber badges (src/payments/paid-chat.ts, src/live/chat*.ts).

-- A tip on a stream is a paid message of its chat: `chat` when written as a chat message (its
-- text is the message), `tip` otherwise (said as "Tipped ..."). `reversed_at`: refunded or
-- charged back (a paid message then loses its highlight).
alter table tips add column kind text not null default 'tip' check (kind in ('tip', 'chat'));
alter table tips add column reversed_at timestamptz;

-- A paid message: the tip that paid for it, how much, and until when it stays pinned at the top of
-- the chat (longer for more). `badge`: the author's membership of the streamer when it was written
-- ({tierId, tier, months}), null for none.
alter table live_chat_messages add column tip_id uuid references tips (id);
alter table live_chat_messages add column paid_amount bigint;
alter table live_chat_messages add column paid_currency text;
alter table live_chat_messages add column pinned_until timestamptz;
alter table live_chat_messages add column badge jsonb;
create unique index live_chat_messages_tip on live_chat_messages (tip_id) where tip_id is not null;
create index live_chat_messages_pinned on live_chat_messages (stream_id, pinned_until)
  where pinned_until is not null;
