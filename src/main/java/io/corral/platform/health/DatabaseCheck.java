package io.corral.platform.health;

import io.corral.platform.Resources;
import io.corral.platform.db.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ready only while PostgreSQL answers a round trip within {@value #TIMEOUT_SECONDS} s. The check
 * runs on a pooled thread and is given up on after {@value #ANSWER_SECONDS} s: taking a connection
 * from the pool can wait much longer while the database is gone, and a prober must get its answer
 * in time. At most one check runs at a time; callers meanwhile wait for that one.
 */
@Readiness
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {
    static final String NAME = "database";
    static final int TIMEOUT_SECONDS = 2;
    static final int ANSWER_SECONDS = 3;

    @Inject
    Jdbc jdbc;

    @Resource
    ManagedExecutorService executor;

    private CompletableFuture<Boolean> running;

    /** Created at deployment, where its executor can be injected (a probe's thread may lack the naming context). */
    void atDeployment(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        Resources.required(executor, "The default ManagedExecutorService");
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(up()).build();
    }

    boolean up() {
        try {
            return check().get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized CompletableFuture<Boolean> check() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(() -> jdbc.isUp(TIMEOUT_SECONDS), executor);
        }
        return running;
    }
}
