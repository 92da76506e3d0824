package io.corral.observe;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The command bus's event metrics, on its hot path: a map lookup and an increment per command,
 * no SQL. {@code corral_commands_finished_total{status}} counts commands reaching a final state on
 * this instance; {@code corral_delivery_latency_seconds} is the time from a command's creation to
 * the lease that hands it to its agent.
 */
@ApplicationScoped
public class BusMetrics {
    static final String FINISHED = "corral_commands_finished";
    static final String LATENCY = "corral_delivery_latency";
    static final List<String> FINAL_STATES = List.of("succeeded", "failed", "expired", "cancelled");

    @Inject
    MetricRegistry registry;

    private final Map<String, Counter> finished = new ConcurrentHashMap<>();
    private Timer latency;

    @PostConstruct
    void register() {
        Metadata counted = Metadata.builder().withName(FINISHED)
                .withDescription("Commands that reached a final state on this instance, by final status").build();
        for (String status : FINAL_STATES) {
            finished.put(status, registry.counter(counted, new Tag("status", status)));
        }
        latency = registry.timer(Metadata.builder().withName(LATENCY).withUnit(MetricUnits.NANOSECONDS)
                .withDescription("From a command's creation to its lease to the agent").build());
    }

    /** Creates the bean (and so its series) at deployment. */
    public void ready() {
        // Calling any method creates the bean.
    }

    /** A command reached this final status ({@code succeeded}, {@code failed}, ...). */
    public void finished(String status) {
        Counter c = finished.get(status);
        if (c != null) {
            c.inc();
        }
    }

    /** A command was leased this long after it was created (negative clock skew counts as 0). */
    public void leased(Duration sinceCreated) {
        latency.update(sinceCreated.isNegative() ? Duration.ZERO : sinceCreated);
    }
}
