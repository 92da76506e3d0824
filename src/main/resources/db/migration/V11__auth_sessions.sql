-- Auth sessions (issue 11, seed 002): a browser VM cloned from a provider's template, in which a
-- person signs in while the in-VM helper reports progress and finally stores the credentials.
-- Every state change is a conditional update on the state it expects; auth_session_event keeps
-- each transition with its time, so "when did it become ready" is a row, not a guess.
create table auth_session (
    id                 uuid          primary key,
    provider           varchar(63)   not null,
    state              varchar(14)   not null check (state in ('started', 'vm_creating', 'vm_created', 'ready',
                                                               'authenticating', 'completed', 'timeout', 'failed')),
    reason             varchar(1000),
    -- SHA-256 of the session's one-time helper token (the token itself is shown once, at start).
    token_hash         char(64)      not null unique,
    -- The browser VM: the agent, node and VMID it is cloned to (VMID reserved at start); vm_id once
    -- the agent's inventory lists it.
    agent_id           uuid          not null references agent (id),
    node               varchar(100)  not null,
    template_vmid      integer       not null,
    vmid               integer       not null,
    vm_name            varchar(63)   not null,
    vm_id              uuid,
    clone_command_id   uuid,
    start_command_id   uuid,
    -- Commands that stop and destroy the VM when the session timed out or was cancelled.
    destroy_command_id uuid,
    -- Keep the VM whatever happens (asked at start), and what became of the VM at the end.
    preserve_vm        boolean       not null default false,
    vm_note            varchar(500),
    options            jsonb         not null default '{}'::jsonb,
    credential_id      uuid          references credential (id),
    created_by         varchar(200)  not null,
    created_at         timestamptz   not null,
    state_changed_at   timestamptz   not null
);
create index auth_session_live on auth_session (created_at)
    where state not in ('completed', 'timeout', 'failed');
create index auth_session_list on auth_session (created_at desc, id desc);
create index auth_session_clone_command on auth_session (clone_command_id) where clone_command_id is not null;
create index auth_session_start_command on auth_session (start_command_id) where start_command_id is not null;

create table auth_session_event (
    id          bigserial     primary key,
    session_id  uuid          not null references auth_session (id) on delete cascade,
    from_state  varchar(14),
    to_state    varchar(14)   not null,
    at          timestamptz   not null,
    actor       varchar(200)  not null,
    reason      varchar(1000)
);
create index auth_session_event_session on auth_session_event (session_id, id);

-- credential.session_id stays without a foreign key: admins may store credentials of sessions
-- outside Corral through /api/v1/credentials (the vault's own API).
