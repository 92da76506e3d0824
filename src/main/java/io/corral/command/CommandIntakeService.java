package io.corral.command;

import io.corral.platform.db.DirectDatabase;
import io.corral.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The user API's enqueue, one command or a batch, each a direct transaction (no JTA): the
 * insert writes its own event, other instances are notified only if there are any, and held
 * polls are woken after the commit. A clone whose VMID Corral must reserve takes the JTA path
 * ({@link CommandService#enqueue}), where the reservation lives.
 */
@ApplicationScoped
public class CommandIntakeService {
    /** Commands in one batch request, at most. */
    public static final int MAX_BATCH = 500;

    @Inject
    DirectDatabase database;

    @Inject
    CommandService commands;

    @Inject
    CommandSignals signals;

    /** Like {@link CommandService#enqueue}, in a transaction of its own. */
    public CommandService.Enqueued enqueue(EnqueueRequest r, String idempotencyKey, String caller) {
        EnqueuePlan plan = commands.plan(r, idempotencyKey, caller);
        if (plan.reserveNewid()) {
            return commands.enqueue(r, idempotencyKey, caller);
        }
        Inserted done = database.inTransaction(tx -> {
            CommandStore store = new CommandStore(tx);
            CommandService.Enqueued e = plan.insert(store, plan.command());
            return new Inserted(List.of(e), signal(store, List.of(e)));
        });
        signals.fire(done.signal());
        return done.items().get(0);
    }

    /** One item of a batch: the command (created or found by its dedupe key) or why not. */
    public record Item(int index, CommandService.Enqueued enqueued, ApiException error) {
    }

    /**
     * Queues many commands: each checked, deduplicated and authorised like a single enqueue,
     * those that pass inserted in one transaction (one statement when no dedupe key is taken).
     * Partial success: an item that fails its rules says why and the others are queued.
     */
    public List<Item> enqueueAll(List<EnqueueRequest> requests, String caller) {
        Item[] items = new Item[requests.size()];
        List<EnqueuePlan> plans = new ArrayList<>();
        List<Integer> planned = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            try {
                EnqueuePlan plan = commands.plan(requests.get(i), null, caller);
                if (plan.reserveNewid()) {
                    items[i] = new Item(i, commands.enqueue(requests.get(i), null, caller), null);
                } else {
                    plans.add(plan);
                    planned.add(i);
                }
            } catch (ApiException e) {
                items[i] = new Item(i, null, e);
            }
        }
        if (!plans.isEmpty()) {
            Inserted done = database.inTransaction(tx -> insertAll(new CommandStore(tx), plans));
            signals.fire(done.signal());
            for (int k = 0; k < planned.size(); k++) {
                CommandService.Enqueued e = done.items().get(k);
                items[planned.get(k)] = e != null ? new Item(planned.get(k), e, null)
                        : new Item(planned.get(k), null, done.errors().get(k));
            }
        }
        return List.of(items);
    }

    private Inserted insertAll(CommandStore store, List<EnqueuePlan> plans) {
        List<NewCommand> news = new ArrayList<>(plans.size());
        UUID[] ids = new UUID[plans.size()];
        for (int k = 0; k < plans.size(); k++) {
            news.add(plans.get(k).command());
            ids[k] = UUID.randomUUID();
        }
        java.util.Map<UUID, CommandRow> inserted = new java.util.HashMap<>();
        store.insertAll(ids, news).forEach(r -> inserted.put(r.id(), r));
        List<CommandService.Enqueued> out = new ArrayList<>(plans.size());
        List<ApiException> errors = new ArrayList<>(plans.size());
        for (int k = 0; k < plans.size(); k++) {
            CommandRow row = inserted.get(ids[k]);
            if (row != null) {
                out.add(new CommandService.Enqueued(row, true));
                errors.add(null);
                continue;
            }
            // Its dedupe key is held (by a live command or an earlier item): the single rules decide.
            try {
                out.add(plans.get(k).insert(store, news.get(k)));
                errors.add(null);
            } catch (ApiException e) {
                out.add(null);
                errors.add(e);
            }
        }
        List<CommandService.Enqueued> created = out.stream().filter(e -> e != null && e.created()).toList();
        return new Inserted(out, errors, signal(store, created));
    }

    private CommandSignal signal(CommandStore store, List<CommandService.Enqueued> enqueued) {
        List<Transition> queued = enqueued.stream().filter(CommandService.Enqueued::created)
                .map(e -> CommandService.queued(e.command())).toList();
        return signals.announce(store, queued, Set.of());
    }

    private record Inserted(List<CommandService.Enqueued> items, List<ApiException> errors, CommandSignal signal) {
        Inserted(List<CommandService.Enqueued> items, CommandSignal signal) {
            this(items, List.of(), signal);
        }
    }
}
