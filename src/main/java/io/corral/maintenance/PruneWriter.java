package io.corral.maintenance;

import io.corral.platform.json.Jsons;
import io.corral.platform.db.Jdbc;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObjectBuilder;

import java.io.Serializable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Deletes one chunk's rows with their child rows, one statement per target, and adds the counts to
 * the run, all in the chunk's transaction (with the runtime's checkpoint: one pool, one commit).
 */
@Named("pruneWriter")
@Dependent
public class PruneWriter extends AbstractItemWriter {
    @Inject
    JobContext job;

    @Inject
    Jdbc jdbc;

    @Inject
    MaintenanceSettings settings;

    @Inject
    PruneRunStore runs;

    @Override
    public void writeItems(List<Object> items) {
        PruneJobState state = PruneJobState.of(job);
        try {
            List<PruneTarget> targets = PruneTargets.all(settings);
            Map<String, Long> removed = new LinkedHashMap<>();
            byTarget(items).forEach((name, ids) -> {
                PruneTarget target = PruneTargets.named(targets, name).orElseThrow(
                        () -> new IllegalStateException("Unknown prune target " + name));
                List<String> tables = target.tables();
                long[] counts = jdbc.one(target.deleteSql(), rs -> counts(rs, tables.size()),
                        idArray(ids), PruneReader.cutoff(state, target)).orElseThrow();
                for (int i = 0; i < tables.size(); i++) {
                    removed.merge(tables.get(i), counts[i], Long::sum);
                }
            });
            JsonObjectBuilder json = Jsons.JSON.createObjectBuilder();
            removed.forEach(json::add);
            runs.addChunk(state.runId, json.build().toString(), state.busyMillis(), state.pausedMillis());
        } catch (RuntimeException e) {
            state.failed(e);
            throw e;
        }
    }

    private static Map<String, List<Serializable>> byTarget(List<Object> items) {
        Map<String, List<Serializable>> ids = new LinkedHashMap<>();
        for (Object item : items) {
            PruneKey key = (PruneKey) item;
            ids.computeIfAbsent(key.target(), k -> new ArrayList<>()).add(key.id());
        }
        return ids;
    }

    /** The ids as the SQL array their column type needs: uuid[] or bigint[]. */
    static Object idArray(List<Serializable> ids) {
        if (ids.stream().allMatch(UUID.class::isInstance)) {
            return ids.toArray(new UUID[0]);
        }
        if (ids.stream().allMatch(Long.class::isInstance)) {
            return ids.toArray(new Long[0]);
        }
        throw new IllegalArgumentException("Prune ids must all be uuid or all bigint");
    }

    private static long[] counts(ResultSet rs, int columns) throws SQLException {
        long[] counts = new long[columns];
        for (int i = 0; i < columns; i++) {
            counts[i] = rs.getLong(i + 1);
        }
        return counts;
    }
}
