package io.corral.command;

import io.corral.platform.db.Jdbc;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;


import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The time-driven transitions: expiry, lapsed leases, stale running commands, and commands an
 * agent lost by restarting. Each is one conditional UPDATE over a bounded batch.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CommandSweeps {
    private static final int BATCH = 1000;
    private static final String SWEEPER = "sweeper";

    private static final long SWEEP_LOCK = 0x636f7272616c01L;

    @Inject
    Jdbc jdbc;


    /** Created at deployment (see {@link CommandBusStartup}), where its data source can be injected. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void ready() {
        // Calling any method creates the bean; its data source is checked when its Jdbc is made.
    }

    /** True when this transaction now holds the sweep lock (one instance sweeps each tick). */
    public boolean tryLock() {
        return jdbc.one("select pg_try_advisory_xact_lock(?)", rs -> rs.getBoolean(1), SWEEP_LOCK).orElse(false);
    }

    /** Queued or leased past {@code expiresAt} → expired. */
    public List<Transition> expire() {
        return jdbc.query("with x as (select id, status from command where status in ('queued', 'leased') "
                + "and expires_at <= now() order by expires_at limit " + BATCH + " for update skip locked) "
                + "update command c set status = 'expired', finished_at = now(), error_code = 'EXPIRED', "
                + "error_message = 'Not started before it expired' from x where c.id = x.id "
                + "returning c.id, c.agent_id, x.status",
                rs -> new Transition(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        CommandStatus.parse(rs.getString(3)), CommandStatus.EXPIRED, SWEEPER, "expiresAt passed",
                        "leased".equals(rs.getString(3))));
    }

    /** Leased but not acknowledged within the lease → queued again, or failed after the last attempt. */
    public List<Transition> lapseLeases() {
        List<Transition> requeued = jdbc.query("with x as (select id from command where status = 'leased' "
                + "and lease_expires_at <= now() and attempt < max_attempts limit " + BATCH
                + " for update skip locked) update command c set status = 'queued', lease_expires_at = null "
                + "from x where c.id = x.id returning c.id, c.agent_id, c.attempt",
                rs -> new Transition(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), CommandStatus.LEASED,
                        CommandStatus.QUEUED, SWEEPER, "lease lapsed without start (attempt " + rs.getInt(3) + ")"));
        List<Transition> failed = jdbc.query("with x as (select id from command where status = 'leased' "
                + "and lease_expires_at <= now() and attempt >= max_attempts limit " + BATCH
                + " for update skip locked) update command c set status = 'failed', finished_at = now(), "
                + "error_code = 'LEASE_EXPIRED', error_message = 'Delivered ' || c.attempt || "
                + "' times, never acknowledged' from x where c.id = x.id returning c.id, c.agent_id",
                rs -> new Transition(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), CommandStatus.LEASED,
                        CommandStatus.FAILED, SWEEPER, "LEASE_EXPIRED", true));
        return concat(requeued, failed);
    }

    /** Running with no progress for its stale timeout → failed STALE. */
    public List<Transition> failStale() {
        return jdbc.query("with x as (select id from command where status = 'running' and "
                + "coalesce(progress_at, started_at) + make_interval(secs => stale_after_s) <= now() limit "
                + BATCH + " for update skip locked) update command c set status = 'failed', finished_at = now(), "
                + "error_code = 'STALE', error_message = 'No progress for ' || c.stale_after_s || ' s' "
                + "from x where c.id = x.id returning c.id, c.agent_id",
                rs -> new Transition(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), CommandStatus.RUNNING,
                        CommandStatus.FAILED, SWEEPER, "STALE", true));
    }

    /**
     * An agent that restarted lost what its previous run held: running commands it no longer
     * reports fail {@code AGENT_RESTARTED}; leased ones go back to the queue at once.
     *
     * <p>The run's start time is the agent's clock, which may be off by any amount: it is only
     * compared with the previous run's value, never with a database time. A new value is a
     * restart, settled against the database's clock at this heartbeat; the first value seen of
     * an agent is only recorded (there is no previous run to judge).
     */
    public List<Transition> settleRestart(UUID agentId, OffsetDateTime runStartedAt, UUID[] inFlight) {
        List<Boolean> recorded = jdbc.query("insert into agent_run (agent_id, started_at, changed_at) "
                + "values (?, ?, now()) on conflict (agent_id) do update set started_at = excluded.started_at, "
                + "changed_at = now() where agent_run.started_at <> excluded.started_at returning (xmax = 0)",
                rs -> rs.getBoolean(1), agentId, runStartedAt);
        if (recorded.isEmpty() || recorded.get(0)) {
            return List.of();
        }
        String actor = "agent";
        List<Transition> failed = jdbc.query("with x as (select id from command where agent_id = ? and "
                + "status = 'running' and started_at < now() and not (id = any(?)) for update) update command c "
                + "set status = 'failed', finished_at = now(), error_code = 'AGENT_RESTARTED', error_message = "
                + "'The agent restarted while the command ran; its outcome is unknown' from x where c.id = x.id "
                + "returning c.id", rs -> new Transition(rs.getObject(1, UUID.class), agentId, CommandStatus.RUNNING,
                CommandStatus.FAILED, actor, "AGENT_RESTARTED", true), agentId, inFlight);
        List<Transition> requeued = jdbc.query("with x as (select id from command where agent_id = ? and "
                + "status = 'leased' and leased_at < now() for update) update command c set status = 'queued', "
                + "lease_expires_at = null from x where c.id = x.id returning c.id",
                rs -> new Transition(rs.getObject(1, UUID.class), agentId, CommandStatus.LEASED, CommandStatus.QUEUED,
                        actor, "agent restarted before acknowledging"), agentId);
        return concat(failed, requeued);
    }

    private static List<Transition> concat(List<Transition> a, List<Transition> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<Transition> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
