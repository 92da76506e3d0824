-- One run of the retention-prune job: when, why, how it ended and the rows it removed per table.
create table prune_run (
    id               uuid primary key,
    status           varchar(16)  not null
                     check (status in ('running', 'succeeded', 'failed', 'interrupted')),
    trigger          varchar(16)  not null check (trigger in ('schedule', 'api')),
    requested_by     varchar(100) not null,
    -- The scheduled time this run is for: every instance's timer fires, one run per slot is made.
    scheduled_for    timestamptz,
    job_execution_id bigint,
    started_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    finished_at      timestamptz,
    removed          jsonb        not null default '{}'::jsonb,
    chunks           integer      not null default 0,
    busy_ms          bigint       not null default 0,
    paused_ms        bigint       not null default 0,
    error            varchar(2000)
);
-- At most one run at a time, across instances.
create unique index prune_run_one_running on prune_run ((true)) where status = 'running';
create unique index prune_run_slot on prune_run (scheduled_for) where scheduled_for is not null;
create index prune_run_list on prune_run (started_at desc, id);

-- The prune job walks final commands oldest first, in key ranges of (finished_at, id).
create index command_prunable on command (finished_at, id)
    where status in ('succeeded', 'failed', 'expired', 'cancelled');
