package io.corral.clone;

import io.corral.platform.Resources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where the clone-run job's steps do their work: threads of their own, each call in its own
 * transaction. On Payara the batch runtime's pooled threads were seen to fail later chunk commits
 * ("Operation not allowed" from UserTransaction) after application transactions had run on them,
 * failing unrelated runs; the batch threads now only read, hand on and checkpoint. Exactly-once
 * does not depend on the chunk transaction: an item's command id is written with its command.
 */
@ApplicationScoped
public class CloneRunWorker {
    private static final int THREADS = 4;

    @Resource
    ManagedThreadFactory threads;

    private ExecutorService executor;

    @PostConstruct
    void start() {
        executor = Executors.newFixedThreadPool(THREADS, Resources.required(threads, "The default ManagedThreadFactory"));
    }

    /** Created at deployment, where its thread factory can be injected. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // Observing the event creates the bean.
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Runs {@code work} on a worker thread and returns its result; its exception is rethrown. */
    public <T> T call(Callable<T> work) throws Exception {
        try {
            return executor.submit(work).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
