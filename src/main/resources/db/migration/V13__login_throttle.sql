-- Failed console sign-ins, counted per user name and per client address, so a back-off holds across
-- control-plane instances. A row goes when its subject signs in (user) or when its failures are forgotten.
create table login_throttle (
    kind            varchar(10)   not null check (kind in ('user', 'address')),
    subject         varchar(200)  not null,
    failures        integer       not null,
    last_failure_at timestamptz   not null,
    blocked_until   timestamptz,
    primary key (kind, subject)
);
