-- Finished commands whose secret fields a prune run cleared (its first step), beside the rows it removed.
alter table prune_run add column secrets_cleared bigint not null default 0;
