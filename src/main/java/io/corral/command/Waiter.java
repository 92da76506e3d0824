package io.corral.command;

import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** One long-poll held by {@link DeliveryHub}: who asked, for how many, and where it stands. */
final class Waiter {
    static final int IDLE = 0;
    static final int CLAIMING = 1;
    static final int DONE = 2;
    final UUID agentId;
    final int max;
    final List<UUID> have;
    final long arrivedAt = System.currentTimeMillis();
    final CompletableFuture<Response> response;
    final Function<Delivery, Response> render;
    final AtomicInteger state = new AtomicInteger(IDLE);
    volatile boolean pending;
    volatile boolean expired;
    volatile ScheduledFuture<?> timeout;
    volatile ScheduledFuture<?> recheck;

    Waiter(UUID agentId, int max, List<UUID> have, CompletableFuture<Response> response,
           Function<Delivery, Response> render) {
        this.agentId = agentId;
        this.max = max;
        this.have = have;
        this.response = response;
        this.render = render;
    }
}
