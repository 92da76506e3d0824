-- The run of each agent that the command bus last heard from. The start time an agent reports
-- is only ever compared for equality (the agent's clock may be off): a new value means the agent
-- restarted, and what its previous run held is settled on the database's clock.
create table agent_run (
    agent_id   uuid        primary key references agent (id) on delete cascade,
    started_at timestamptz not null,
    changed_at timestamptz not null
);
