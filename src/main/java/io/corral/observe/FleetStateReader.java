package io.corral.observe;

import io.corral.platform.db.Jdbc;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the state gauges in three queries (the live commands counted through their partial index) and asks
 * the batch runtime for its running executions. ({@code jsonb_exists} because JDBC takes {@code ?} for a
 * parameter.)
 */
@ApplicationScoped
public class FleetStateReader {
    static final List<String> LIVE_STATES = List.of("queued", "leased", "running");
    static final List<String> LIVENESS = List.of("online", "degraded", "stale", "offline");
    static final List<String> JOBS = List.of("clone-run", "retention-prune");

    private static final String COMMANDS = "select status, count(*) from command "
            + "where status in ('queued', 'leased', 'running') group by status";
    private static final String AGENTS = "select liveness, count(*) from agent group by liveness";
    private static final String CLONE_GATES = "select name, (health->>'cloneWaiting')::bigint, "
            + "(health->>'cloneRunning')::bigint, (health->>'cloneGranted')::bigint, "
            + "(health->>'cloneWaitedSeconds')::float8 from agent where jsonb_exists(health, 'cloneWaiting')";

    @Inject
    Jdbc jdbc;

    FleetState read() {
        Map<String, Long> commands = counts(COMMANDS);
        Map<String, Long> agents = counts(AGENTS);
        Map<String, FleetState.CloneGateFigures> gates = new TreeMap<>();
        jdbc.query(CLONE_GATES, rs -> gates.put(rs.getString(1), new FleetState.CloneGateFigures(rs.getLong(2),
                rs.getLong(3), rs.getLong(4), rs.getDouble(5))));
        return new FleetState(commands, agents, gates, jobsRunning());
    }

    private Map<String, Long> counts(String sql) {
        Map<String, Long> out = new HashMap<>();
        jdbc.query(sql, rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    private static Map<String, Long> jobsRunning() {
        Map<String, Long> out = new HashMap<>();
        for (String job : JOBS) {
            try {
                out.put(job, (long) BatchRuntime.getJobOperator().getRunningExecutions(job).size());
            } catch (NoSuchJobException e) {
                out.put(job, 0L); // never ran
            }
        }
        return out;
    }
}
