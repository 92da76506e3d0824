package io.corral.observe;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** {@code corral_task_runs_total{task,status}}: background task runs finished on this instance. */
@ApplicationScoped
public class TaskMetrics {
    static final String RUNS = "corral_task_runs";
    private static final Metadata METADATA = Metadata.builder().withName(RUNS)
            .withDescription("Background task runs finished on this instance, by task and outcome").build();

    @Inject
    MetricRegistry registry;

    public void finished(String task, String status) {
        registry.counter(METADATA, new Tag("task", task), new Tag("status", status)).inc();
    }
}
