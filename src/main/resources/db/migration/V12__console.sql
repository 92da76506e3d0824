-- Who did what, from the console or the API: one row per action, allowed or refused.
create table audit_event (
    id          bigserial     primary key,
    at          timestamptz   not null,
    actor       varchar(100)  not null,
    role        varchar(20),
    action      varchar(60)   not null,
    target_type varchar(30),
    target_id   varchar(100),
    outcome     varchar(10)   not null check (outcome in ('ok', 'denied', 'failed')),
    detail      varchar(1000)
);
create index audit_event_at on audit_event (at desc, id desc);
create index audit_event_actor on audit_event (actor, id desc);

-- The console's change feed reads the newest task run and the running ones without a scan.
create index task_run_started on task_run (started_at desc);
create index task_run_running on task_run (task) where status = 'running';
