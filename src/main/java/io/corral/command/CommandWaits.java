package io.corral.command;

import io.corral.platform.Resources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Callers waiting for commands to finish ({@code GET /commands/{id}?wait=N}). All callers of
 * one command share one entry, and its completion is read from the database once for all.
 */
@ApplicationScoped
public class CommandWaits {
    private static final Logger LOG = Logger.getLogger(CommandWaits.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    CommandService commands;

    private final ConcurrentHashMap<UUID, Set<Caller>> waiting = new ConcurrentHashMap<>();

    @PostConstruct
    void check() {
        Resources.required(executor, "The default ManagedExecutorService");
        Resources.required(scheduler, "The default ManagedScheduledExecutorService");
    }

    /** Commands someone is waiting on right now. */
    public int waitedOn() {
        return waiting.size();
    }

    /** Answers {@code response} when the command ends or the wait does, with the command as {@code view} renders it. */
    public void await(UUID id, int waitSeconds, AsyncResponse response, Function<CommandRow, Object> view) {
        Caller caller = new Caller(response, view);
        caller.timeout = scheduler.schedule(() -> {
            if (remove(id, caller)) {
                answer(List.of(caller), id);
            }
        }, waitSeconds, TimeUnit.SECONDS);
        waiting.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(caller);
        // It may have finished between the caller's first read and registering here.
        recheck(id);
    }

    private void recheck(UUID id) {
        executor.execute(() -> {
            try {
                if (commands.get(id).status().isFinal()) {
                    finished(id);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Re-check of command " + id + " failed", e);
            }
        });
    }

    /**
     * Reads every waited-on command again and answers those that have finished: after a
     * finish notified by another instance may have been missed (the listener reconnected).
     */
    public void recheckAll() {
        List.copyOf(waiting.keySet()).forEach(this::recheck);
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) CommandSignal signal) {
        signal.finishedCommands().forEach(this::finished);
    }

    /** Answers every caller waiting on this command (called on commit here and on NOTIFY from others). */
    public void finished(UUID id) {
        Set<Caller> callers = waiting.remove(id);
        if (callers == null || callers.isEmpty()) {
            return;
        }
        callers.forEach(c -> c.timeout.cancel(false));
        executor.execute(() -> answer(List.copyOf(callers), id));
    }

    private void answer(List<Caller> callers, UUID id) {
        CommandRow row;
        try {
            row = commands.get(id);
        } catch (RuntimeException e) {
            callers.forEach(c -> c.response.resume(e));
            return;
        }
        for (Caller c : callers) {
            try {
                c.response.resume(c.view.apply(row));
            } catch (RuntimeException e) {
                c.response.resume(e);
            }
        }
    }

    private boolean remove(UUID id, Caller caller) {
        boolean[] removed = {false};
        waiting.computeIfPresent(id, (k, set) -> {
            removed[0] = set.remove(caller);
            return set.isEmpty() ? null : set;
        });
        return removed[0];
    }

    private static final class Caller {
        final AsyncResponse response;
        final Function<CommandRow, Object> view;
        volatile ScheduledFuture<?> timeout;

        Caller(AsyncResponse response, Function<CommandRow, Object> view) {
            this.response = response;
            this.view = view;
        }
    }
}
