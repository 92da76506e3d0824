-- The control-plane instance driving a run's job, and when it last said so. A run whose owner has
-- not renewed for a while (its instance died) is taken over by another instance.
alter table clone_run add column owner varchar(200);
alter table clone_run add column owner_seen_at timestamptz;
