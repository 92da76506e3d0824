package io.corral.command;

import io.corral.observe.HeldPolls;
import io.corral.platform.Resources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Held agent long-polls. A poll is parked without a thread; it is poked after a commit that
 * queued work for its agent (here or, through NOTIFY, on another instance) and then claims on
 * a pooled thread. Answering is not delivery: only the agent's start acknowledges a command,
 * and a poll's {@code have} lets a command handed to a dead connection go back to the queue.
 */
@ApplicationScoped
public class DeliveryHub implements HeldPolls {
    private static final Logger LOG = Logger.getLogger(DeliveryHub.class.getName());

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    CommandSettings settings;

    @Inject
    AgentCommandService commands;

    /**
     * Claims for woken polls, poll timeouts and rechecks run here: a fixed pool whose context is
     * captured once per thread, not per task (a managed scheduler would capture the request's
     * context on every schedule, a class-path search per poll).
     */
    private ScheduledExecutorService executor;

    private final ConcurrentHashMap<UUID, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, WorkMarks> work = new ConcurrentHashMap<>();

    private final AtomicInteger held = new AtomicInteger();

    @PostConstruct
    void start() {
        Resources.required(threadFactory, "The default ManagedThreadFactory");
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(settings.deliveryThreads(), threadFactory);
        pool.setRemoveOnCancelPolicy(true);
        executor = pool;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Polls held right now on this instance. */
    @Override
    public int held() {
        return held.get();
    }

    /** True when this instance holds as many polls as it may. */
    public boolean full() {
        return held.get() >= settings.maxHeldPolls();
    }

    /**
     * Parks a poll for up to {@code waitSeconds} (less a little jitter), claiming once right away
     * on the calling thread: when that finds work the answer is complete on return (the request
     * is answered without being suspended), otherwise it completes when work arrives or the wait
     * ends.
     *
     * @param have the ids the agent says it holds, or null when its poll does not say
     * @return the answer to come, or null when this agent already holds
     *         {@link CommandSettings#maxHeldPollsPerAgent()} polls here (the poll is not held)
     */
    public CompletableFuture<Response> park(UUID agentId, int max, int waitSeconds, List<UUID> have,
                                            Function<Delivery, Response> render) {
        Waiter w = new Waiter(agentId, max, have, new CompletableFuture<>(), render);
        int share = settings.maxHeldPollsPerAgent();
        boolean[] admitted = {false};
        // Registered before the first claim: work queued meanwhile pokes this waiter, so none is missed.
        // Counted and added under the map's lock of this agent, so concurrent polls cannot overshoot.
        waiters.compute(agentId, (k, set) -> {
            Set<Waiter> polls = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (polls.size() < share) {
                polls.add(w);
                admitted[0] = true;
            }
            return polls.isEmpty() ? null : polls;
        });
        if (!admitted[0]) {
            return null;
        }
        held.incrementAndGet();
        long waitMillis = waitSeconds * 1000L;
        long jittered = waitMillis - ThreadLocalRandom.current().nextLong(waitMillis / 10 + 1);
        w.timeout = executor.schedule(() -> expire(w), jittered, TimeUnit.MILLISECONDS);
        if (mayHaveWork(agentId)) {
            w.pending = true;
            if (w.state.compareAndSet(Waiter.IDLE, Waiter.CLAIMING)) {
                claim(w);
            }
        }
        return w.response;
    }

    /** A running command of this agent may have a new cancel request: its next claim looks for it. */
    public void cancelRequested(UUID agentId) {
        marks(agentId).cancels.incrementAndGet();
    }

    private WorkMarks marks(UUID agentId) {
        return work.computeIfAbsent(agentId, k -> new WorkMarks());
    }

    private boolean mayHaveWork(UUID agentId) {
        WorkMarks m = marks(agentId);
        return m.changes.get() != m.quietAt;
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) CommandSignal signal) {
        signal.agentsToPurge().forEach(this::purge);
        signal.agentsWithCancelRequests().forEach(agent -> marks(agent).cancels.incrementAndGet());
        signal.agentsToWake().forEach(this::wake);
    }

    /**
     * Answers every idle held poll of this agent with 204. A live agent simply polls again;
     * polls held for a process that died (a dead client still "accepts" a resume) stop
     * taking leases, so one crash costs a queued command one attempt, not one per dead poll.
     */
    public void purge(UUID agentId) {
        Set<Waiter> set = waiters.get(agentId);
        if (set == null) {
            return;
        }
        for (Waiter w : set) {
            if (w.state.compareAndSet(Waiter.IDLE, Waiter.DONE)) {
                finish(w, Response.noContent().build());
            }
        }
    }

    /**
     * Pokes one idle poll of this agent (a claim that fills its {@code max} pokes the next), so
     * one new command does not send every held poll of the agent to the database.
     */
    public void wake(UUID agentId) {
        marks(agentId).changes.incrementAndGet();
        Set<Waiter> set = waiters.get(agentId);
        if (set == null) {
            return;
        }
        for (Waiter w : set) {
            if (w.state.get() == Waiter.IDLE) {
                poke(w);
                return;
            }
        }
        set.stream().findFirst().ifPresent(this::poke);
    }

    /**
     * Pokes every held poll on this instance once, as if each agent had news: after notifications
     * from other instances may have been missed (the listener reconnected).
     */
    public void wakeAll() {
        waiters.keySet().forEach(this::wake);
    }

    private void poke(Waiter w) {
        w.pending = true;
        if (w.state.compareAndSet(Waiter.IDLE, Waiter.CLAIMING)) {
            executor.execute(() -> claim(w));
        }
    }

    private void claim(Waiter w) {
        WorkMarks marks = marks(w.agentId);
        while (true) {
            w.pending = false;
            long seen = marks.changes.get();
            long cancels = marks.cancels.get();
            boolean lookForCancels = cancels != marks.cancelsSeenAt;
            Delivery delivery;
            try {
                delivery = commands.claim(w.agentId, w.max, AgentCommandService.Held.of(w.have, w.arrivedAt),
                        lookForCancels);
                marks.cancelsSeenAt = cancels;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Claim failed for agent " + w.agentId + "; answering the poll empty", e);
                delivery = Delivery.NOTHING;
                w.expired = true;
            }
            if (!delivery.isEmpty()) {
                if (delivery.commands().size() < w.max && delivery.recheckInMillis() == null) {
                    marks.quietAt = seen; // it took all there was
                }
                finish(w, w.render.apply(delivery));
                if (delivery.commands().size() >= w.max) {
                    wake(w.agentId);
                }
                return;
            }
            if (delivery.recheckInMillis() == null && !w.expired) {
                marks.quietAt = seen;
            }
            if (w.expired || inDoubt(w, delivery)) {
                finish(w, Response.noContent().build());
                return;
            }
            w.state.set(Waiter.IDLE);
            if (!w.pending && !w.expired) {
                return;
            }
            if (!w.state.compareAndSet(Waiter.IDLE, Waiter.CLAIMING)) {
                return;
            }
        }
    }

    /**
     * A lease of this agent that the poll's {@code have} did not list is too young to judge by
     * what the poll said when it arrived. Once it is old enough the poll is answered empty, so the
     * agent polls again at once with what it holds now; until then a poke is scheduled.
     */
    private boolean inDoubt(Waiter w, Delivery delivery) {
        Long dueIn = delivery.recheckInMillis();
        if (dueIn == null) {
            return false;
        }
        if (dueIn <= 0) {
            return true;
        }
        if (w.recheck == null || w.recheck.isDone()) {
            w.recheck = executor.schedule(() -> poke(w), dueIn + 50, TimeUnit.MILLISECONDS);
        }
        return false;
    }

    private void expire(Waiter w) {
        w.expired = true;
        if (w.state.compareAndSet(Waiter.IDLE, Waiter.DONE)) {
            finish(w, Response.noContent().build());
        }
        // A claim in progress sees `expired` and answers 204 itself if it finds nothing.
    }

    private void finish(Waiter w, Response response) {
        w.state.set(Waiter.DONE);
        held.decrementAndGet();
        waiters.computeIfPresent(w.agentId, (k, set) -> {
            set.remove(w);
            return set.isEmpty() ? null : set;
        });
        cancel(w.timeout);
        cancel(w.recheck);
        // Completing also "succeeds" for clients that went away; leases and `have` cover that.
        w.response.complete(response);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
