-- What an agent can do is unknown (null) until its first heartbeat: an agent that never
-- heartbeated is offline for enqueue, and nothing is delivered to it before it says what it runs.
alter table agent alter column capabilities drop not null;
alter table agent alter column capabilities drop default;
alter table agent alter column capabilities type text;
update agent set capabilities = null where started_at is null and version is null and capabilities = '[]';

-- What the agent says of itself in its heartbeat: its interval and its own health
-- (heap, commands executing, worker loops, results waiting in its outbox).
alter table agent add column heartbeat_seconds integer check (heartbeat_seconds between 1 and 3600);
alter table agent add column health jsonb;
