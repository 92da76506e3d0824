-- Users of the console (form login). Passwords are PBKDF2 hashes (Jakarta Security format).
create table app_user (
    id            uuid primary key,
    username      varchar(100) not null unique,
    password_hash varchar(500) not null,
    role          varchar(20)  not null check (role in ('admin', 'operator', 'viewer')),
    enabled       boolean      not null default true,
    created_at    timestamptz  not null default now()
);

-- API tokens for automation. Only the SHA-256 of the secret is stored.
create table api_token (
    id           uuid primary key,
    name         varchar(100) not null,
    role         varchar(20)  not null check (role in ('admin', 'operator', 'viewer')),
    token_hash   char(64)     not null unique,
    created_by   varchar(100),
    created_at   timestamptz  not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- One agent per Proxmox cluster or site. Its token is stored hashed, shown once.
create table agent (
    id            uuid primary key,
    name          varchar(100) not null unique,
    description   varchar(500),
    token_hash    char(64)     not null unique,
    ttl_seconds   integer      check (ttl_seconds between 1 and 3600),
    version       varchar(50),
    capabilities  varchar(4000) not null default '[]',
    started_at    timestamptz,
    last_seen_at  timestamptz,
    pve_reachable boolean,
    pve_version   varchar(50),
    pve_error     varchar(500),
    created_at    timestamptz  not null default now(),
    token_rotated_at timestamptz
);

-- Proxmox nodes as last reported by their agent.
create table node (
    agent_id   uuid         not null references agent (id) on delete cascade,
    name       varchar(100) not null,
    status     varchar(20)  not null,
    cpu        double precision,
    maxcpu     integer,
    mem        bigint,
    maxmem     bigint,
    uptime     bigint,
    updated_at timestamptz  not null,
    primary key (agent_id, name)
);

-- Guests (QEMU VMs and LXC containers) as last reported. VMIDs are unique per cluster.
create table vm (
    id            uuid primary key,
    agent_id      uuid         not null references agent (id) on delete cascade,
    node          varchar(100) not null,
    vmid          integer      not null,
    type          varchar(10)  not null check (type in ('qemu', 'lxc')),
    name          varchar(200),
    status        varchar(20)  not null,
    template      boolean      not null default false,
    lock          varchar(50),
    cpu           double precision,
    mem           bigint,
    maxmem        bigint,
    maxdisk       bigint,
    uptime        bigint,
    first_seen_at timestamptz  not null,
    last_seen_at  timestamptz  not null,
    unique (agent_id, vmid)
);
create index vm_agent_node on vm (agent_id, node);
create index vm_status on vm (status);
