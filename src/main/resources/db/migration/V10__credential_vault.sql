-- The credential vault (issue 11). A credential is a JSON document encrypted with AES-256-GCM
-- under a versioned key from configuration (CORRAL_VAULT_KEYS); the database holds its nonce and
-- ciphertext, never the plaintext. The associated data binds each ciphertext to its row (id,
-- provider, key version), so rows cannot be swapped. Deleting a credential erases its secret
-- (nonce and ciphertext set to null) and keeps the row, so its access trail keeps its subject.
create table credential (
    id            uuid         primary key,
    provider      varchar(63)  not null,
    -- The auth session that produced it; a foreign key once auth_session exists.
    session_id    uuid,
    -- A non-secret hint (account name) for people choosing among credentials.
    label         varchar(200),
    status        varchar(10)  not null default 'unknown'
        check (status in ('valid', 'expired', 'invalid', 'unknown')),
    status_reason varchar(500),
    expires_at    timestamptz,
    key_version   integer      not null check (key_version > 0),
    nonce         bytea,
    ciphertext    bytea,
    created_at    timestamptz  not null default now(),
    created_by    varchar(200) not null,
    validated_at  timestamptz,
    deleted_at    timestamptz,
    deleted_by    varchar(200),
    constraint credential_secret_until_deleted check (
        (deleted_at is null and octet_length(nonce) = 12 and ciphertext is not null)
        or (deleted_at is not null and nonce is null and ciphertext is null))
);
create index credential_live on credential (created_at desc, id desc) where deleted_at is null;
create index credential_provider on credential (provider) where deleted_at is null;
create index credential_session on credential (session_id) where session_id is not null;

-- Every store, reveal, delete and re-encryption of a credential: who, when, and how it ended.
create table credential_access (
    id            bigserial    primary key,
    credential_id uuid         not null references credential (id),
    action        varchar(10)  not null check (action in ('store', 'reveal', 'delete', 'rotate')),
    actor         varchar(200) not null,
    at            timestamptz  not null default now(),
    outcome       varchar(10)  not null check (outcome in ('ok', 'refused', 'failed')),
    detail        varchar(500)
);
create index credential_access_credential on credential_access (credential_id, at desc, id desc);

-- One key rotation: from its start new credentials are written under to_version (the latest
-- rotation's to_version is the write key of every instance); it re-encrypts the other rows.
create table vault_rotation (
    id           uuid          primary key,
    to_version   integer       not null check (to_version > 0),
    requested_by varchar(200)  not null,
    status       varchar(12)   not null check (status in ('running', 'succeeded', 'failed', 'interrupted')),
    started_at   timestamptz   not null default now(),
    finished_at  timestamptz,
    rows_rotated integer       not null default 0,
    rows_skipped integer       not null default 0,
    rows_failed  integer       not null default 0,
    error        varchar(1000)
);
create index vault_rotation_started on vault_rotation (started_at desc);
