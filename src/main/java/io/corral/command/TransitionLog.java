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
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One INFO line per committed command state change on logger {@value #LOGGER} (so it can be
 * turned down alone; the lines of one commit form one log record), and the bus metrics that follow from the same changes: commands finished
 * by status, delivery latency of leases.
 */
@ApplicationScoped
public class TransitionLog {
    static final String LOGGER = "io.corral.command.transitions";
    private static final Logger LOG = Logger.getLogger(LOGGER);

    @Inject
    BusMetrics metrics;

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) CommittedTransitions committed) {
        Lines lines = Lines.start();
        for (Transition t : committed.transitions()) {
            lines.add(() -> TransitionLine.of(t.commandId(), t.agentId(), null, t.from(), t.to(), t.actor(),
                    t.to().isFinal() ? t.detail() : null));
            if (t.to().isFinal()) {
                metrics.finished(t.to().value());
            }
        }
        lines.write();
    }

    /** Commands a claim leased (after its commit). */
    void leased(UUID agentId, List<CommandRow> rows) {
        Lines lines = Lines.start();
        for (CommandRow r : rows) {
            if (r.createdAt() != null && r.leasedAt() != null) {
                metrics.leased(Duration.between(r.createdAt(), r.leasedAt()));
            }
            lines.add(() -> TransitionLine.of(r.id(), agentId, r.type(), CommandStatus.QUEUED, CommandStatus.LEASED,
                    "agent", null));
        }
        lines.write();
    }

    /** Commands an agent's start moved from leased to running (after its commit). */
    void started(UUID agentId, Collection<UUID> ids) {
        Lines lines = Lines.start();
        for (UUID id : ids) {
            lines.add(() -> TransitionLine.of(id, agentId, null, CommandStatus.LEASED, CommandStatus.RUNNING, "agent",
                    null));
        }
        lines.write();
    }

    /**
     * The lines of one commit, written as one log record: a batch of 100 results costs one pass
     * through the server's log handlers, not 100. Each line stays whole and greppable by its ids.
     */
    private static final class Lines {
        private static final Lines OFF = new Lines(null);
        private final StringBuilder text;

        private Lines(StringBuilder text) {
            this.text = text;
        }

        static Lines start() {
            return LOG.isLoggable(Level.INFO) ? new Lines(new StringBuilder(256)) : OFF;
        }

        void add(Supplier<String> line) {
            if (text != null) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(line.get());
            }
        }

        void write() {
            if (text != null && !text.isEmpty()) {
                LOG.info(text.toString());
            }
        }
    }
}
