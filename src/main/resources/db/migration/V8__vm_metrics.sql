-- Metrics history: one row per guest per collection (the metrics-collection task, every 10 min).
-- Keyed by (agent_id, vmid), not vm.id: the vm row goes when the guest leaves the inventory, its
-- history stays until retention removes it (CORRAL_RETENTION_METRICS_DAYS).
--
-- A plain table, not partitioned: at 10,000 guests every 10 min it takes 1.44 M rows a day, ~10 M
-- at the default 7 days' retention. The retention-prune job deletes old rows in key-range chunks
-- of (at, id) under its duty budget like every other table (~27k rows/s measured, ~1 min for a
-- day of samples), so daily partitions (a drop instead of deletes) would add partition upkeep
-- (creating them ahead, a second prune path) for no need at this size.
--
-- Compact: numbers Proxmox reports as integers are bigint (bytes, byte counters), cpu a real
-- (a fraction of maxcpu), maxcpu a smallint; a figure Proxmox did not report is null, not 0.
-- netin/netout/diskread/diskwrite are counters since guest start, as Proxmox reports them.
create table vm_metric (
    id        bigint      generated always as identity primary key,
    agent_id  uuid        not null,
    vmid      integer     not null,
    at        timestamptz not null,
    node      varchar(100),
    status    varchar(20),
    cpu       real,
    maxcpu    smallint,
    mem       bigint,
    maxmem    bigint,
    disk      bigint,
    maxdisk   bigint,
    netin     bigint,
    netout    bigint,
    diskread  bigint,
    diskwrite bigint,
    uptime    bigint
);
-- Reading one guest's series over a time range.
create index vm_metric_series on vm_metric (agent_id, vmid, at);
-- The prune walks rows oldest first in key ranges of (at, id); a BRIN index on at would find old
-- rows but cannot hand them out in order, which each chunk's "order by at, id limit n" needs.
create index vm_metric_prunable on vm_metric (at, id);
