package io.corral.maintenance;

import io.corral.platform.db.Jdbc;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Hands out the keys of the rows to delete, target after target, oldest first: one page of
 * {@code CORRAL_PRUNE_CHUNK_ROWS} keys per chunk, read as a key range after the cursor (so dead
 * rows of earlier chunks are never scanned again). The cursor is the checkpoint.
 */
@Named("pruneReader")
@Dependent
public class PruneReader extends AbstractItemReader {
    @Inject
    JobContext job;

    @Inject
    Jdbc jdbc;

    @Inject
    MaintenanceSettings settings;

    private final ArrayDeque<PruneKey> page = new ArrayDeque<>();
    private List<PruneTarget> targets;
    private PruneCursor cursor;
    private PruneJobState state;
    private int pageRows;

    @Override
    public void open(Serializable checkpoint) {
        state = PruneJobState.of(job);
        pageRows = settings.chunkRows();
        targets = PruneTargets.all(settings).stream().filter(t -> tableExists(t.table())).toList();
        cursor = checkpoint instanceof PruneCursor saved ? saved
                : targets.isEmpty() ? null : PruneCursor.startOf(targets.get(0).name());
    }

    @Override
    public Object readItem() {
        try {
            while (page.isEmpty()) {
                if (cursor == null) {
                    return null;
                }
                PruneTarget target = PruneTargets.named(targets, cursor.target()).orElse(null);
                if (target == null || !fetch(target)) {
                    cursor = next(target);
                }
            }
            PruneKey key = page.poll();
            cursor = PruneCursor.after(key);
            return key;
        } catch (RuntimeException e) {
            state.failed(e);
            throw e;
        }
    }

    @Override
    public Serializable checkpointInfo() {
        return cursor;
    }

    private boolean fetch(PruneTarget target) {
        OffsetDateTime cutoff = cutoff(state, target);
        List<PruneKey> keys = cursor.atStart()
                ? jdbc.query(target.pageSql(false), rs -> key(target, rs), cutoff, pageRows)
                : jdbc.query(target.pageSql(true), rs -> key(target, rs), cutoff, cursor.time(), cursor.id(), pageRows);
        page.addAll(keys);
        return !keys.isEmpty();
    }

    private PruneCursor next(PruneTarget current) {
        int index = current == null ? targets.size() : targets.indexOf(current) + 1;
        return index < targets.size() ? PruneCursor.startOf(targets.get(index).name()) : null;
    }

    private static PruneKey key(PruneTarget target, ResultSet rs) throws SQLException {
        return new PruneKey(target.name(), rs.getObject(1, OffsetDateTime.class), (Serializable) rs.getObject(2));
    }

    private boolean tableExists(String table) {
        return jdbc.one("select to_regclass(?) is not null", rs -> rs.getBoolean(1), table).orElse(false);
    }

    /** Rows older than this go: measured from the run's start, so a resumed execution keeps the same line. */
    static OffsetDateTime cutoff(PruneJobState state, PruneTarget target) {
        return OffsetDateTime.ofInstant(state.startedAt.minus(target.retention()), ZoneOffset.UTC);
    }
}
