-- Commands: one unit of work for one agent, driven to exactly one final state by
-- conditional updates (each transition names the state it expects).
create table command (
    id               uuid primary key,
    agent_id         uuid          not null references agent (id) on delete cascade,
    type             varchar(64)   not null,
    payload          jsonb         not null default '{}'::jsonb,
    priority         smallint      not null default 5 check (priority between 0 and 9),
    status           varchar(16)   not null
                     check (status in ('queued', 'leased', 'running', 'succeeded', 'failed', 'expired', 'cancelled')),
    dedupe_key       varchar(300),
    lock_key         varchar(200),
    attempt          integer       not null default 0,
    max_attempts     integer       not null default 3,
    expires_at       timestamptz   not null,
    lease_expires_at timestamptz,
    stale_after_s    integer       not null default 600,
    cancel_requested boolean       not null default false,
    cancel_delivered_at timestamptz,
    result           jsonb,
    error_code       varchar(64),
    error_message    varchar(4000),
    progress         jsonb,
    upid             varchar(200),
    created_by       varchar(100)  not null,
    created_at       timestamptz   not null,
    leased_at        timestamptz,
    started_at       timestamptz,
    progress_at      timestamptz,
    finished_at      timestamptz
);

-- Same dedupe key while the first is not final -> the first command (one row, race-free).
create unique index command_dedupe on command (agent_id, dedupe_key)
    where dedupe_key is not null and status in ('queued', 'leased', 'running');
-- Delivery order for one agent.
create index command_queue on command (agent_id, priority desc, created_at) where status = 'queued';
-- Work of the sweeper: expiry, lease and staleness.
create index command_live on command (status, expires_at) where status in ('queued', 'leased', 'running');
create index command_lock on command (lock_key) where lock_key is not null and status in ('leased', 'running');
create index command_list on command (created_at desc, id);
create index command_agent_list on command (agent_id, created_at desc);

-- The audit trail of every transition.
create table command_event (
    id          bigserial primary key,
    command_id  uuid         not null references command (id) on delete cascade,
    at          timestamptz  not null,
    from_status varchar(16),
    to_status   varchar(16)  not null,
    actor       varchar(100) not null,
    detail      varchar(2000)
);
create index command_event_command on command_event (command_id, id);

-- Per-token request rate for the user API (null: the configured default).
alter table api_token add column rate_per_second integer check (rate_per_second > 0);
