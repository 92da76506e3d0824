package io.corral.command;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Records transitions in the event trail and announces them: to this instance after commit
 * (CDI), to other instances through PostgreSQL NOTIFY (delivered on commit too).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CommandSignals {
    static final String QUEUE_CHANNEL = "corral_command_queue";
    static final String FINAL_CHANNEL = "corral_command_final";
    static final String PURGE_CHANNEL = "corral_poll_purge";
    private static final Logger LOG = Logger.getLogger(CommandSignals.class.getName());

    @Inject
    CommandStore store;

    @Inject
    Event<CommandSignal> signal;

    public void publish(List<Transition> transitions) {
        publish(transitions, Set.of());
    }

    /** @param alsoWake agents to wake although no transition concerns them (cancel requests) */
    public void publish(List<Transition> transitions, Set<UUID> alsoWake) {
        store.record(transitions);
        Set<UUID> wake = new HashSet<>(alsoWake);
        Set<UUID> finished = new HashSet<>();
        Set<UUID> purge = new HashSet<>();
        for (Transition t : transitions) {
            if (t.from() == CommandStatus.LEASED && "sweeper".equals(t.actor())) {
                purge.add(t.agentId());
            }
            if (t.to() == CommandStatus.QUEUED || t.releasesLocks()) {
                wake.add(t.agentId());
            }
            if (t.to().isFinal()) {
                finished.add(t.commandId());
            }
            if (t.from() != null) {
                LOG.fine(() -> "Command " + t.commandId() + " " + t.from().value() + " -> " + t.to().value()
                        + " by " + t.actor() + (t.detail() == null ? "" : " (" + t.detail() + ")"));
            }
        }
        if (wake.isEmpty() && finished.isEmpty() && purge.isEmpty()) {
            return;
        }
        for (UUID agent : purge) {
            store.notifyOthers(PURGE_CHANNEL, agent + "|" + Instance.ID);
        }
        for (UUID agent : wake) {
            store.notifyOthers(QUEUE_CHANNEL, agent + "|" + Instance.ID);
        }
        for (UUID command : finished) {
            store.notifyOthers(FINAL_CHANNEL, command + "|" + Instance.ID);
        }
        signal.fire(new CommandSignal(wake, finished, purge));
    }
}
