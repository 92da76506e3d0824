-- What Corral knows of a guest beyond the inventory. A heartbeat's inventory upsert never touches
-- these columns; they go with the row when the guest is gone from Proxmox.
alter table vm add column liveness varchar(10) not null default 'online'
    check (liveness in ('online', 'degraded', 'stale', 'offline'));
alter table vm add column liveness_since timestamptz;
-- ok / failed from the in-VM helper's heartbeats; null while no helper ever sent one.
alter table vm add column health varchar(10) check (health in ('ok', 'failed'));
alter table vm add column last_heartbeat_at timestamptz;
-- The latest sign of use: the helper's active flag or last input, else CPU seen in the inventory.
alter table vm add column last_active_at timestamptz;
alter table vm add column protected boolean not null default false;
alter table vm add column hibernate_policy varchar(20) not null default 'never'
    check (hibernate_policy in ('never', 'when-idle'));
alter table vm add column idle_limit_seconds integer check (idle_limit_seconds between 60 and 31536000);
create index vm_hibernate_candidates on vm (hibernate_policy) where hibernate_policy <> 'never';

alter table agent add column liveness varchar(10) not null default 'offline'
    check (liveness in ('online', 'degraded', 'stale', 'offline'));
alter table agent add column liveness_since timestamptz;

-- Every change of an agent's or a guest's state that an operator follows: liveness, health,
-- protection and policy, what the tasks did. The console pushes them; they outlive the guest.
create table fleet_event (
    id           bigserial    primary key,
    at           timestamptz  not null,
    subject_type varchar(10)  not null check (subject_type in ('agent', 'vm')),
    subject_id   uuid         not null,
    subject_name varchar(200),
    agent_id     uuid,
    kind         varchar(30)  not null,
    from_value   varchar(40),
    to_value     varchar(40),
    reason       varchar(1000) not null,
    actor        varchar(100) not null
);
create index fleet_event_at on fleet_event (at, id);
create index fleet_event_subject on fleet_event (subject_id, id);

-- One run of a background task: scheduled (one per schedule slot, across instances) or on demand.
create table task_run (
    id           uuid         primary key,
    task         varchar(40)  not null,
    trigger      varchar(16)  not null check (trigger in ('schedule', 'api')),
    scheduled_for timestamptz,
    requested_by varchar(100) not null,
    instance     varchar(200) not null,
    status       varchar(16)  not null check (status in ('running', 'succeeded', 'failed', 'interrupted')),
    started_at   timestamptz  not null,
    finished_at  timestamptz,
    items_seen   integer,
    items_acted  integer,
    detail       jsonb        not null default '{}'::jsonb,
    error        varchar(4000)
);
-- One run per task at a time, one per schedule slot.
create unique index task_run_one_running on task_run (task) where status = 'running';
create unique index task_run_slot on task_run (task, scheduled_for) where scheduled_for is not null;
create index task_run_list on task_run (task, started_at desc);
create index task_run_prunable on task_run (finished_at, id) where status <> 'running';
