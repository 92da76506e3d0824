package io.corral.command;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Announces transitions: to this instance after commit (the {@link CommandSignal} CDI event, and
 * {@link CommittedTransitions} for the transition log),
 * to other instances through PostgreSQL NOTIFY (delivered on commit too) when there are any.
 * JTA callers {@link #publish} (which also records the event trail); the bus's direct
 * transactions record their events in their own statements, {@link #announce} inside the
 * transaction and {@link #fire} after the commit.
 */
@ApplicationScoped
public class CommandSignals {
    static final String QUEUE_CHANNEL = "corral_command_queue";
    static final String FINAL_CHANNEL = "corral_command_final";
    static final String PURGE_CHANNEL = "corral_poll_purge";

    @Inject
    Jdbc jdbc;

    @Inject
    Event<CommandSignal> signal;

    @Inject
    Peers peers;

    @Inject
    Event<CommittedTransitions> committed;

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(List<Transition> transitions) {
        publish(transitions, Set.of());
    }

    /** @param alsoWake agents to wake although no transition concerns them (cancel requests) */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(List<Transition> transitions, Set<UUID> alsoWake) {
        CommandStore store = new CommandStore(jdbc);
        store.record(transitions);
        fire(announce(store, transitions, alsoWake));
    }

    /** Like {@link #publish}, for transitions whose statements wrote their events already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishRecorded(List<Transition> transitions) {
        fire(announce(new CommandStore(jdbc), transitions, Set.of()));
    }

    /**
     * Inside the transaction that made the transitions: tells other instances (if any) and
     * answers what to {@link #fire} once it commits (null when nothing needs telling).
     */
    CommandSignal announce(CommandStore store, List<Transition> transitions, Set<UUID> alsoWake) {
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
        }
        if (wake.isEmpty() && finished.isEmpty() && purge.isEmpty()) {
            return transitions.isEmpty() ? null
                    : new CommandSignal(Set.of(), Set.of(), Set.of(), Set.copyOf(alsoWake), List.copyOf(transitions));
        }
        if (peers.present()) {
            List<String> channels = new ArrayList<>();
            List<String> messages = new ArrayList<>();
            add(channels, messages, PURGE_CHANNEL, purge);
            add(channels, messages, QUEUE_CHANNEL, wake);
            add(channels, messages, FINAL_CHANNEL, finished);
            store.notifyOthers(channels.toArray(new String[0]), messages.toArray(new String[0]));
        }
        return new CommandSignal(wake, finished, purge, Set.copyOf(alsoWake), List.copyOf(transitions));
    }

    private static void add(List<String> channels, List<String> messages, String channel, Set<UUID> ids) {
        for (UUID id : ids) {
            channels.add(channel);
            messages.add(id + "|" + Instance.ID);
        }
    }

    /**
     * Fires the signal: inside a JTA transaction its observers run after the commit, outside
     * one (after a direct transaction committed) at once.
     */
    void fire(CommandSignal s) {
        if (s == null) {
            return;
        }
        if (s.hasNews()) {
            signal.fire(s);
        }
        if (!s.transitions().isEmpty()) {
            committed.fire(new CommittedTransitions(s.transitions()));
        }
    }
}
