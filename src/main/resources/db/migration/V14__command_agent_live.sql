-- What a claim asks about one agent's unfinished commands (leases it does not hold, lock keys held
-- by its leased or running commands, cancellations to pass on) reads only live rows: without this
-- index those questions walked the agent's whole history through command_agent_list, a cost that
-- grew with every command the agent ever ran.
create index command_agent_live on command (agent_id, status) where status in ('queued', 'leased', 'running');
