-- The secret an in-VM helper sends with its heartbeats: one per guest, stored as SHA-256 only,
-- shown once when issued or rotated. It goes with the guest's row.
create table vm_token (
    vm_id        uuid         primary key references vm (id) on delete cascade,
    token_hash   char(64)     not null unique,
    created_at   timestamptz  not null,
    created_by   varchar(100) not null,
    rotated_at   timestamptz,
    rotated_by   varchar(100),
    last_used_at timestamptz
);

-- Links between an external service (e.g. a FulcrumCore service id) and guests, with history: a
-- link is ended, never deleted. Keyed by agent and VMID with the name at link time, so the history
-- outlives the guest's row; vm_id is the guest's id (no foreign key, kept after the guest is gone),
-- null while a clone's guest has not yet been reported by its agent.
create table service_link (
    id            uuid         primary key,
    service_id    varchar(100) not null,
    agent_id      uuid         not null,
    vmid          integer      not null,
    vm_id         uuid,
    vm_name       varchar(200),
    linked_at     timestamptz  not null,
    linked_by     varchar(100) not null,
    unlinked_at   timestamptz,
    unlinked_by   varchar(100),
    unlink_reason varchar(200)
);
-- One current link per service and guest.
create unique index service_link_current on service_link (service_id, agent_id, vmid) where unlinked_at is null;
create index service_link_service on service_link (service_id, linked_at, id);
create index service_link_vm on service_link (vm_id) where unlinked_at is null;
create index service_link_guest on service_link (agent_id, vmid) where unlinked_at is null;
create index service_link_pending on service_link (agent_id, vmid) where vm_id is null and unlinked_at is null;
