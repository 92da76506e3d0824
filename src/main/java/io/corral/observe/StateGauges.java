package io.corral.observe;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The state gauges: live commands by status, agents by liveness, clone gates per agent, batch
 * jobs running (read from the database at most once per refresh interval, however often
 * scraped) and long-polls held on this instance (in memory).
 */
@ApplicationScoped
public class StateGauges {
    static final String QUEUE = "corral_commands_live";
    static final String AGENTS = "corral_agents";
    static final String HELD = "corral_polls_held";
    static final String JOBS = "corral_batch_jobs_running";
    static final String GATE_WAITING = "corral_clone_gate_waiting";
    static final String GATE_RUNNING = "corral_clone_gate_running";
    static final String GATE_GRANTED = "corral_clone_gate_granted";
    static final String GATE_WAITED = "corral_clone_gate_waited_seconds";

    @Inject
    MetricRegistry registry;

    @Inject
    FleetStateReader reader;

    @Inject
    MetricsSettings settings;

    @Inject
    HeldPolls hub;

    @Inject
    BusMetrics bus;

    private Cached<FleetState> state;
    private final Set<String> gateAgents = new HashSet<>();

    /** Registers every series when the application starts, so each exists from the first scrape. */
    void atDeployment(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        bus.ready();
    }

    @PostConstruct
    void register() {
        state = new Cached<>(this::read, FleetState.EMPTY, settings.refreshMillis(), System::currentTimeMillis);
        Metadata queue = meta(QUEUE, "Commands in a live state, by status (all instances)");
        for (String status : FleetStateReader.LIVE_STATES) {
            gauge(queue, () -> state().commands(status), new Tag("status", status));
        }
        Metadata agents = meta(AGENTS, "Agents by liveness (all instances)");
        for (String liveness : FleetStateReader.LIVENESS) {
            gauge(agents, () -> state().agents(liveness), new Tag("liveness", liveness));
        }
        Metadata jobs = meta(JOBS, "Batch job executions running, by job");
        for (String job : FleetStateReader.JOBS) {
            gauge(jobs, () -> state().jobs(job), new Tag("job", job));
        }
        gauge(meta(HELD, "Agent long-polls held open on this instance"), () -> hub.held());
    }

    private FleetState state() {
        return state.get();
    }

    private FleetState read() {
        FleetState s = reader.read();
        followAgents(s);
        return s;
    }

    /** Per-agent clone gate series appear with an agent's first figures and go with the agent. */
    private synchronized void followAgents(FleetState s) {
        for (String agent : s.cloneGates().keySet()) {
            if (gateAgents.add(agent)) {
                Tag tag = new Tag("agent", agent);
                gateGauge(GATE_WAITING, "Clones waiting at the agent's clone gate", agent, tag, g -> g.waiting());
                gateGauge(GATE_RUNNING, "Clones holding a slot of the agent's clone gate", agent, tag,
                        g -> g.running());
                gateGauge(GATE_GRANTED, "Clone slots granted since the agent started", agent, tag,
                        g -> g.granted());
                gateGauge(GATE_WAITED, "Seconds clones waited for a slot since the agent started", agent, tag,
                        g -> g.waitedSeconds());
            }
        }
        for (String agent : Set.copyOf(gateAgents)) {
            if (!s.cloneGates().containsKey(agent)) {
                gateAgents.remove(agent);
                Tag tag = new Tag("agent", agent);
                for (String name : Set.of(GATE_WAITING, GATE_RUNNING, GATE_GRANTED, GATE_WAITED)) {
                    registry.remove(new MetricID(name, tag));
                }
            }
        }
    }

    private void gateGauge(String name, String description, String agent, Tag tag,
                           ToDoubleFunction<FleetState.CloneGateFigures> figure) {
        gauge(meta(name, description), () -> figure.applyAsDouble(state().cloneGate(agent)), tag);
    }

    private static Metadata meta(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }

    private void gauge(Metadata metadata, Supplier<Number> value, Tag... tags) {
        registry.gauge(metadata, value, v -> v.get(), tags);
    }
}
