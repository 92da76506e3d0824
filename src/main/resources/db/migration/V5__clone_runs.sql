-- Every lock key of a command: the caller's own, or the automatic ones (a guest-changing command
-- holds vm:<agent>/<node>/<vmid>, a clone also template:<agent>/<node>/<vmid>). Two commands whose
-- keys overlap never run at once.
alter table command add column lock_keys text[];
update command set lock_keys = array[lock_key] where lock_key is not null;
drop index command_lock;
create index command_lock_keys on command using gin (lock_keys) where status in ('leased', 'running');

-- VMIDs handed out by Corral, unique per agent (one Proxmox cluster), taken from a configured
-- range and never one a guest of that agent has. Kept while the guest exists; released when its
-- clone fails for good, or once its guest, seen before, is no longer reported.
create table vmid_reservation (
    agent_id    uuid         not null references agent (id) on delete cascade,
    vmid        integer      not null,
    holder      varchar(100) not null,
    reserved_at timestamptz  not null,
    seen_at     timestamptz,
    primary key (agent_id, vmid)
);

-- A run of N clones of one template, driven by the clone-run batch job.
create table clone_run (
    id               uuid primary key,
    agent_id         uuid         not null references agent (id) on delete cascade,
    node             varchar(100) not null,
    template_vmid    integer      not null,
    target_node      varchar(100),
    count            integer      not null check (count between 1 and 500),
    name_pattern     varchar(200) not null,
    full_clone       boolean      not null,
    storage          varchar(100),
    start_after      boolean      not null,
    tags             varchar(500),
    service_id       varchar(200),
    status           varchar(16)  not null
                     check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    cancel_requested boolean      not null default false,
    created_by       varchar(100) not null,
    created_at       timestamptz  not null,
    started_at       timestamptz,
    finished_at      timestamptz
);
create index clone_run_list on clone_run (created_at desc, id);
create index clone_run_live on clone_run (status) where status in ('queued', 'running');

-- One guest of a run. command_id is written in the same transaction that queues its clone, so a
-- run resumed after a crash never queues an item twice.
create table clone_item (
    run_id        uuid          not null references clone_run (id) on delete cascade,
    n             integer       not null,
    name          varchar(200)  not null,
    vmid          integer,
    command_id    uuid,
    start_command_id uuid,
    status        varchar(16)   not null
                  check (status in ('pending', 'queued', 'running', 'succeeded', 'failed', 'cancelled')),
    error_code    varchar(64),
    error_message varchar(4000),
    attempts      integer       not null default 0,
    updated_at    timestamptz   not null,
    primary key (run_id, n)
);
