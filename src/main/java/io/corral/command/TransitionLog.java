package io.corral.command;

import io.corral.observe.BusMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One INFO line per committed command state change on logger {@value #LOGGER} (so it can be
 * turned down alone), and the bus metrics that follow from the same changes: commands finished
 * by status, delivery latency of leases.
 */
@ApplicationScoped
public class TransitionLog {
    static final String LOGGER = "io.corral.command.transitions";
    private static final Logger LOG = Logger.getLogger(LOGGER);

    @Inject
    BusMetrics metrics;

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) CommittedTransitions committed) {
        boolean log = LOG.isLoggable(Level.INFO);
        for (Transition t : committed.transitions()) {
            if (log) {
                LOG.info(TransitionLine.of(t.commandId(), t.agentId(), null, t.from(), t.to(), t.actor(),
                        t.to().isFinal() ? t.detail() : null));
            }
            if (t.to().isFinal()) {
                metrics.finished(t.to().value());
            }
        }
    }

    /** Commands a claim leased (after its commit). */
    void leased(UUID agentId, List<CommandRow> rows) {
        boolean log = LOG.isLoggable(Level.INFO);
        for (CommandRow r : rows) {
            if (r.createdAt() != null && r.leasedAt() != null) {
                metrics.leased(Duration.between(r.createdAt(), r.leasedAt()));
            }
            if (log) {
                LOG.info(TransitionLine.of(r.id(), agentId, r.type(), CommandStatus.QUEUED, CommandStatus.LEASED,
                        "agent", null));
            }
        }
    }

    /** Commands an agent's start moved from leased to running (after its commit). */
    void started(UUID agentId, Collection<UUID> ids) {
        if (LOG.isLoggable(Level.INFO)) {
            for (UUID id : ids) {
                LOG.info(TransitionLine.of(id, agentId, null, CommandStatus.LEASED, CommandStatus.RUNNING, "agent",
                        null));
            }
        }
    }
}
