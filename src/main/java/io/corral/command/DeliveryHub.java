package io.corral.command;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.function.Function;

/**
 * Held agent long-polls. A poll is parked without a thread; it is poked after a commit that
 * queued work for its agent (here or, through NOTIFY, on another instance) and then claims on
 * a pooled thread. Answering is not delivery: only the agent's start acknowledges a command.
 */
@ApplicationScoped
public class DeliveryHub {
    private static final Logger LOG = Logger.getLogger(DeliveryHub.class.getName());

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    @ConfigProperty(name = "CORRAL_DELIVERY_THREADS", defaultValue = "8")
    int deliveryThreads;

    /** Claims run here: a fixed pool whose context is captured once per thread, not per task. */
    private ExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    AgentCommandService commands;

    private final ConcurrentHashMap<UUID, Set<Waiter>> waiters = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        executor = Executors.newFixedThreadPool(deliveryThreads, threadFactory);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
    private final AtomicInteger held = new AtomicInteger();

    public int held() {
        return held.get();
    }

    /** Parks a poll for up to {@code waitSeconds} (less a little jitter), claiming once right away. */
    public void park(UUID agentId, int max, int waitSeconds, AsyncResponse response,
                     Function<AgentCommandService.Delivery, Response> render) {
        Waiter w = new Waiter(agentId, max, response, render);
        held.incrementAndGet();
        waiters.computeIfAbsent(agentId, k -> ConcurrentHashMap.newKeySet()).add(w);
        long waitMillis = waitSeconds * 1000L;
        long jittered = waitMillis - ThreadLocalRandom.current().nextLong(waitMillis / 10 + 1);
        w.timeout = scheduler.schedule(() -> expire(w), jittered, TimeUnit.MILLISECONDS);
        poke(w);
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) CommandSignal signal) {
        signal.agentsToPurge().forEach(this::purge);
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
                release(w);
                if (w.timeout != null) {
                    w.timeout.cancel(false);
                }
                w.response.resume(Response.noContent().build());
            }
        }
    }

    /**
     * Pokes one idle poll of this agent (a claim that fills its {@code max} pokes the next), so
     * one new command does not send every held poll of the agent to the database.
     */
    public void wake(UUID agentId) {
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

    private void poke(Waiter w) {
        w.pending = true;
        if (w.state.compareAndSet(Waiter.IDLE, Waiter.CLAIMING)) {
            executor.execute(() -> claim(w));
        }
    }

    private void claim(Waiter w) {
        while (true) {
            w.pending = false;
            AgentCommandService.Delivery delivery;
            try {
                delivery = commands.claim(w.agentId, w.max);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Claim failed for agent " + w.agentId + "; answering the poll empty", e);
                delivery = new AgentCommandService.Delivery(java.util.List.of(), java.util.List.of());
                w.expired = true;
            }
            if (!delivery.isEmpty()) {
                finish(w, w.render.apply(delivery));
                if (delivery.commands().size() >= w.max) {
                    wake(w.agentId);
                }
                return;
            }
            if (w.expired) {
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

    private void expire(Waiter w) {
        w.expired = true;
        if (w.state.compareAndSet(Waiter.IDLE, Waiter.DONE)) {
            release(w);
            w.response.resume(Response.noContent().build());
        }
        // A claim in progress sees `expired` and answers 204 itself if it finds nothing.
    }

    private void finish(Waiter w, Response response) {
        w.state.set(Waiter.DONE);
        release(w);
        if (w.timeout != null) {
            w.timeout.cancel(false);
        }
        // resume() also "succeeds" for clients that went away; the lease covers that.
        w.response.resume(response);
    }

    private void release(Waiter w) {
        held.decrementAndGet();
        waiters.computeIfPresent(w.agentId, (k, set) -> {
            set.remove(w);
            return set.isEmpty() ? null : set;
        });
    }

    private static final class Waiter {
        static final int IDLE = 0;
        static final int CLAIMING = 1;
        static final int DONE = 2;
        final UUID agentId;
        final int max;
        final AsyncResponse response;
        final Function<AgentCommandService.Delivery, Response> render;
        final AtomicInteger state = new AtomicInteger(IDLE);
        volatile boolean pending;
        volatile boolean expired;
        volatile java.util.concurrent.ScheduledFuture<?> timeout;

        Waiter(UUID agentId, int max, AsyncResponse response,
               Function<AgentCommandService.Delivery, Response> render) {
            this.agentId = agentId;
            this.max = max;
            this.response = response;
            this.render = render;
        }
    }
}
