package io.corral.maintenance;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of {@code prune_run}. Progress is written by the job's writer in the chunk's own
 * transaction, so the counts are exactly what was deleted, also when a run dies half-way.
 */
@ApplicationScoped
@Transactional
public class PruneRunStore {
    /** A running run without progress for this long died with its instance. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    @Inject
    Jdbc jdbc;

    /**
     * Records a new running run, unless one is running (on any instance) or this schedule slot
     * already has its run: then empty. Runs left running by a dead instance are marked
     * {@code interrupted} first. Serialized across instances by an advisory lock.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<PruneRun> claim(String trigger, String requestedBy, Instant slot) {
        jdbc.query("select pg_advisory_xact_lock(hashtext('corral:prune'))", rs -> null);
        jdbc.update("update prune_run set status = 'interrupted', finished_at = now(), "
                + "error = 'no progress since ' || updated_at || '; its instance stopped' "
                + "where status = 'running' and updated_at < now() - make_interval(secs => ?)",
                (double) ABANDONED_AFTER.toSeconds());
        return jdbc.one("insert into prune_run (id, status, trigger, requested_by, scheduled_for, started_at, updated_at) "
                + "values (?, 'running', ?, ?, ?, now(), now()) on conflict do nothing returning " + PruneRun.COLUMNS,
                PruneRun::map, UUID.randomUUID(), trigger, requestedBy,
                slot == null ? null : OffsetDateTime.ofInstant(slot, ZoneOffset.UTC));
    }

    public Optional<PruneRun> running() {
        return jdbc.one("select " + PruneRun.COLUMNS + " from prune_run where status = 'running'", PruneRun::map);
    }

    public Optional<PruneRun> find(UUID id) {
        return jdbc.one("select " + PruneRun.COLUMNS + " from prune_run where id = ?", PruneRun::map, id);
    }

    /** The latest runs, newest first. */
    public List<PruneRun> recent(int limit) {
        return jdbc.query("select " + PruneRun.COLUMNS + " from prune_run order by started_at desc, id limit ?",
                PruneRun::map, limit);
    }

    public void attachExecution(UUID id, long jobExecutionId) {
        jdbc.update("update prune_run set job_execution_id = ? where id = ?", jobExecutionId, id);
    }

    /** Adds one chunk's counts ({@code {"table": rows}}) to the run's; called in the chunk's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addChunk(UUID id, String removedJson, long busyMs, long pausedMs) {
        jdbc.update("update prune_run set removed = (select coalesce(jsonb_object_agg(k, n), '{}'::jsonb) from ("
                + "select k, sum(n) as n from (select key as k, value::text::bigint as n from jsonb_each(removed) "
                + "union all select key, value::text::bigint from jsonb_each(?::jsonb)) x group by k) y), "
                + "chunks = chunks + 1, busy_ms = ?, paused_ms = ?, updated_at = now() where id = ?",
                removedJson, busyMs, pausedMs, id);
    }

    /** Adds to the run's count of commands whose secrets were cleared; called in the clearing's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addSecretsCleared(UUID id, long cleared) {
        jdbc.update("update prune_run set secrets_cleared = secrets_cleared + ?, updated_at = now() where id = ?",
                cleared, id);
    }

    /** Ends a running run; false when it was not running any more (e.g. marked interrupted). */
    public boolean finish(UUID id, String status, String error, long busyMs, long pausedMs) {
        return jdbc.update("update prune_run set status = ?, error = ?, busy_ms = ?, paused_ms = ?, "
                + "finished_at = now(), updated_at = now() where id = ? and status = 'running'",
                status, error == null ? null : truncate(error), busyMs, pausedMs, id) == 1;
    }

    private static String truncate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 1999) + "…";
    }
}
