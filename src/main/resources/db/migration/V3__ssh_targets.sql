-- SSH targets that admins register for an agent. Only a reference to a key the agent holds is
-- stored (never key material); the host key is pinned.
create table ssh_target (
    id         uuid primary key,
    agent_id   uuid          not null references agent (id) on delete cascade,
    name       varchar(63)   not null,
    host       varchar(255)  not null,
    port       integer       not null check (port between 1 and 65535),
    username   varchar(64)   not null,
    key_ref    varchar(100)  not null,
    host_key   varchar(4000) not null,
    node       varchar(100),
    vmid       integer,
    created_by varchar(100)  not null,
    created_at timestamptz   not null,
    unique (agent_id, name)
);

-- Bumped on every change of an agent's targets; the heartbeat answer carries it so the agent
-- fetches the list only when it changed.
alter table agent add column targets_version bigint not null default 0;
