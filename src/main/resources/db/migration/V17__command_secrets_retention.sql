-- When retention replaced a finished command's secret payload and result fields with the marker.
alter table command add column secrets_cleared_at timestamptz;

-- Finished commands whose secrets retention has yet to clear; the types are those of
-- io.corral.command.CommandSecrets (a test holds the two lists together).
create index command_secrets_uncleared on command (finished_at)
    where secrets_cleared_at is null and finished_at is not null
      and type in ('proxmox.config.get', 'proxmox.config.set', 'ssh.exec', 'ssh.read-config', 'ssh.write-config');
