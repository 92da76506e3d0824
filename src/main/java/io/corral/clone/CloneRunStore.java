package io.corral.clone;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The SQL of {@code clone_run} and {@code clone_item}; item changes are conditional on the state they expect. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CloneRunStore {
    @Inject
    Jdbc jdbc;

    public void insert(CloneRun r) {
        jdbc.update("insert into clone_run (" + CloneRun.COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?)", r.id(), r.agentId(), r.node(), r.templateVmid(), r.targetNode(), r.count(),
                r.namePattern(), r.full(), r.storage(), r.start(), r.tags(), r.service(), r.status().value(),
                r.cancelRequested(), r.createdBy(), r.createdAt(), r.startedAt(), r.finishedAt());
        List<Object[]> items = new ArrayList<>(r.count());
        for (int n = 1; n <= r.count(); n++) {
            items.add(new Object[] {r.id(), n, r.nameOf(n), r.createdAt()});
        }
        jdbc.batch("insert into clone_item (run_id, n, name, status, updated_at) values (?, ?, ?, 'pending', ?)", items);
    }

    public Optional<CloneRun> find(UUID id) {
        return jdbc.one("select " + CloneRun.COLUMNS + " from clone_run where id = ?", CloneRun::read, id);
    }

    /** Newest first, after the cursor position (createdAt, id) when given. */
    public List<CloneRun> list(CloneRunStatus status, OffsetDateTime beforeCreatedAt, UUID beforeId, int limit) {
        return jdbc.query("select " + CloneRun.COLUMNS + " from clone_run where (?::varchar is null or status = ?) "
                + "and (?::timestamptz is null or (created_at, id) < (?, ?)) order by created_at desc, id desc limit ?",
                CloneRun::read, status == null ? null : status.value(), status == null ? null : status.value(),
                beforeCreatedAt, beforeCreatedAt, beforeId, limit);
    }

    /** Newest first, by position (the console's pages). */
    public List<CloneRun> page(CloneRunStatus status, int offset, int limit) {
        return jdbc.query("select " + CloneRun.COLUMNS + " from clone_run where (?::varchar is null or status = ?) "
                + "order by created_at desc, id desc limit ? offset ?", CloneRun::read,
                status == null ? null : status.value(), status == null ? null : status.value(), limit, offset);
    }

    public int count(CloneRunStatus status) {
        return jdbc.one("select count(*) from clone_run where (?::varchar is null or status = ?)", rs -> rs.getInt(1),
                status == null ? null : status.value(), status == null ? null : status.value()).orElse(0);
    }

    /** Items per run and status, for the runs given (one query for a page of runs). */
    public Map<UUID, Map<CloneItemStatus, Integer>> totals(List<UUID> runIds) {
        Map<UUID, Map<CloneItemStatus, Integer>> totals = new HashMap<>();
        jdbc.query("select run_id, status, count(*) from clone_item where run_id = any(?) group by run_id, status",
                rs -> totals.computeIfAbsent(rs.getObject(1, UUID.class), k -> new EnumMap<>(CloneItemStatus.class))
                        .put(CloneItemStatus.parse(rs.getString(2)), rs.getInt(3)), (Object) runIds.toArray(new UUID[0]));
        return totals;
    }

    /** Runs a job should be driving: queued or running. */
    /**
     * Makes {@code owner} the run's driver if the run is unfinished and has no live driver: none,
     * itself, or one that has not renewed for {@code staleSeconds}. True if it now drives it.
     */
    public boolean claimOwner(UUID runId, String owner, int staleSeconds) {
        return jdbc.update("update clone_run set owner = ?, owner_seen_at = now() where id = ? "
                + "and status in ('queued', 'running') and (owner is null or owner = ? "
                + "or owner_seen_at < now() - make_interval(secs => ?))", owner, runId, owner, staleSeconds) == 1;
    }

    /** Says {@code owner} still drives the run; false if another instance took it over meanwhile. */
    public boolean renewOwner(UUID runId, String owner) {
        return jdbc.update("update clone_run set owner_seen_at = now() where id = ? and owner = ?", runId, owner) == 1;
    }

    public void releaseOwner(UUID runId, String owner) {
        jdbc.update("update clone_run set owner = null where id = ? and owner = ?", runId, owner);
    }

    /** Unfinished runs nobody drives: no owner, or one silent for {@code staleSeconds}. */
    public List<UUID> orphanedRuns(int staleSeconds) {
        return jdbc.query("select id from clone_run where status in ('queued', 'running') and (owner is null "
                + "or owner_seen_at < now() - make_interval(secs => ?)) order by created_at",
                rs -> rs.getObject(1, UUID.class), staleSeconds);
    }

    public List<UUID> unfinishedRuns() {
        return jdbc.query("select id from clone_run where status in ('queued', 'running') order by created_at",
                rs -> rs.getObject(1, UUID.class));
    }

    public List<CloneItem> items(UUID runId) {
        return jdbc.query("select " + CloneItem.COLUMNS + " from clone_item where run_id = ? order by n",
                CloneItem::read, runId);
    }

    public Optional<CloneItem> item(UUID runId, int n) {
        return jdbc.one("select " + CloneItem.COLUMNS + " from clone_item where run_id = ? and n = ?",
                CloneItem::read, runId, n);
    }

    /** Item numbers still waiting to be queued, in order. */
    public List<Integer> pending(UUID runId) {
        return jdbc.query("select n from clone_item where run_id = ? and status = 'pending' and command_id is null "
                + "order by n", rs -> rs.getInt(1), runId);
    }

    public List<String> liveNames(UUID agentId, List<String> names) {
        return jdbc.query("select i.name from clone_item i join clone_run r on r.id = i.run_id where r.agent_id = ? "
                + "and i.status in ('pending', 'queued', 'running') and i.name = any(?)", rs -> rs.getString(1),
                agentId, names.toArray(new String[0]));
    }

    public boolean markRunning(UUID runId) {
        return jdbc.update("update clone_run set status = 'running', started_at = coalesce(started_at, now()) "
                + "where id = ? and status in ('queued', 'running')", runId) == 1;
    }

    /** Records the queued clone of a pending item; false when the item was not pending any more. */
    public boolean queued(UUID runId, int n, int vmid, UUID commandId) {
        return jdbc.update("update clone_item set status = 'queued', vmid = ?, command_id = ?, attempts = attempts + 1, "
                + "updated_at = now() where run_id = ? and n = ? and status = 'pending' and command_id is null",
                vmid, commandId, runId, n) == 1;
    }

    /** The follow-up command (tags, then start) the item now waits for. */
    public void startQueued(UUID runId, int n, UUID startCommandId) {
        jdbc.update("update clone_item set start_command_id = ?, updated_at = now() where run_id = ? and n = ?",
                startCommandId, runId, n);
    }

    public boolean itemState(UUID runId, int n, CloneItemStatus from, CloneItemStatus to, String code, String message) {
        return jdbc.update("update clone_item set status = ?, error_code = ?, error_message = ?, updated_at = now() "
                + "where run_id = ? and n = ? and status = ?", to.value(), code, message, runId, n, from.value()) == 1;
    }

    /** Pending items of a cancelled run are never queued. */
    public int cancelPending(UUID runId) {
        return jdbc.update("update clone_item set status = 'cancelled', error_code = 'CANCELLED', "
                + "error_message = 'The run was cancelled before this clone was queued', updated_at = now() "
                + "where run_id = ? and status = 'pending'", runId);
    }

    public boolean requestCancel(UUID runId) {
        return jdbc.update("update clone_run set cancel_requested = true where id = ? and status in ('queued', 'running') "
                + "and not cancel_requested", runId) == 1;
    }

    public boolean finish(UUID runId, CloneRunStatus to) {
        return jdbc.update("update clone_run set status = ?, finished_at = now() where id = ? "
                + "and status in ('queued', 'running')", to.value(), runId) == 1;
    }

    /** Failed items go back to pending (their VMIDs were given back); the run is queued again. */
    public int retryFailed(UUID runId) {
        int retried = jdbc.update("update clone_item set status = 'pending', vmid = null, command_id = null, "
                + "start_command_id = null, error_code = null, error_message = null, updated_at = now() "
                + "where run_id = ? and status = 'failed'", runId);
        if (retried > 0) {
            jdbc.update("update clone_run set status = 'queued', finished_at = null, cancel_requested = false "
                    + "where id = ? and status in ('failed', 'cancelled', 'succeeded')", runId);
        }
        return retried;
    }
}
