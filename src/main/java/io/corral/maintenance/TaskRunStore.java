package io.corral.maintenance;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The SQL of {@code task_run}. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class TaskRunStore {
    private static final String INTERRUPT = "update task_run set status = 'interrupted', finished_at = now(), "
            + "error = 'its instance (' || instance || ') stopped before the run ended' "
            + "where task = ? and status = 'running'";
    private static final String INSERT = "insert into task_run (id, task, trigger, scheduled_for, requested_by, "
            + "instance, status, started_at) values (?, ?, ?, ?, ?, ?, 'running', now()) on conflict do nothing "
            + "returning " + TaskRun.COLUMNS;
    private static final String FINISH = "update task_run set status = ?, finished_at = now(), items_seen = ?, "
            + "items_acted = ?, detail = ?::jsonb, error = ? where id = ? and status = 'running'";

    @Inject
    Jdbc jdbc;

    /**
     * Records a new running run. The caller holds the task's session lock, so a run still marked
     * running lost its instance: it is marked {@code interrupted} first. Empty when this schedule
     * slot already has its run.
     */
    public Optional<TaskRun> claim(String task, String trigger, Instant slot, String requestedBy, String instance) {
        jdbc.update(INTERRUPT, task);
        return jdbc.one(INSERT, TaskRun::map, UUID.randomUUID(), task, trigger,
                slot == null ? null : OffsetDateTime.ofInstant(slot, ZoneOffset.UTC), requestedBy, instance);
    }

    public void finish(UUID id, String status, Integer seen, Integer acted, String detailJson, String error) {
        jdbc.update(FINISH, status, seen, acted, detailJson, error == null ? null : truncate(error), id);
    }

    public Optional<TaskRun> find(UUID id) {
        return jdbc.one("select " + TaskRun.COLUMNS + " from task_run where id = ?", TaskRun::map, id);
    }

    /** The latest runs, newest first, of one task or all; optionally only those started before {@code before}. */
    public List<TaskRun> recent(String task, String status, OffsetDateTime before, int limit) {
        StringBuilder sql = new StringBuilder("select " + TaskRun.COLUMNS + " from task_run where true");
        List<Object> params = new ArrayList<>();
        if (task != null) {
            sql.append(" and task = ?");
            params.add(task);
        }
        if (status != null) {
            sql.append(" and status = ?");
            params.add(status);
        }
        if (before != null) {
            sql.append(" and started_at < ?");
            params.add(before);
        }
        sql.append(" order by started_at desc, id limit ?");
        params.add(limit);
        return jdbc.query(sql.toString(), TaskRun::map, params.toArray());
    }

    /** The task's latest scheduled run. */
    public Optional<TaskRun> recentScheduled(String task) {
        return jdbc.one("select " + TaskRun.COLUMNS + " from task_run where task = ? and scheduled_for is not null "
                + "order by scheduled_for desc limit 1", TaskRun::map, task);
    }

    private static String truncate(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 3999) + "…";
    }
}
