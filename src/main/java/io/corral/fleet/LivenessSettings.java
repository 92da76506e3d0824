package io.corral.fleet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * Liveness thresholds. An agent is judged by its last heartbeat or poll: stale once past its TTL
 * (when enqueue answers {@code AGENT_OFFLINE}). A running guest with an in-VM helper is judged by the
 * helper's last heartbeat, one without by the agent's last inventory that listed it (the agent's
 * thresholds); a guest that is not running is offline.
 */
@ApplicationScoped
public class LivenessSettings {
    @Inject
    @ConfigProperty(name = "CORRAL_LIVENESS_AGENT_DEGRADED_SECONDS", defaultValue = "20")
    int agentDegraded;

    @Inject
    @ConfigProperty(name = "CORRAL_LIVENESS_AGENT_OFFLINE_SECONDS", defaultValue = "300")
    int agentOffline;

    @Inject
    @ConfigProperty(name = "CORRAL_LIVENESS_VM_DEGRADED_SECONDS", defaultValue = "120")
    int vmDegraded;

    @Inject
    @ConfigProperty(name = "CORRAL_LIVENESS_VM_STALE_SECONDS", defaultValue = "300")
    int vmStale;

    @Inject
    @ConfigProperty(name = "CORRAL_LIVENESS_VM_OFFLINE_SECONDS", defaultValue = "900")
    int vmOffline;

    @Inject
    FleetSettings fleet;

    /** For an agent with this TTL (and for the guests it reports without a helper). */
    public LivenessThresholds agent(Duration ttl) {
        Duration degraded = seconds(agentDegraded);
        Duration stale = ttl.compareTo(degraded) < 0 ? degraded : ttl;
        Duration offline = seconds(agentOffline);
        return new LivenessThresholds(degraded, stale, offline.compareTo(stale) < 0 ? stale : offline);
    }

    public LivenessThresholds agentDefault() {
        return agent(fleet.agentTtl());
    }

    /** For guests whose in-VM helper heartbeats. */
    public LivenessThresholds vmHelper() {
        return new LivenessThresholds(seconds(vmDegraded), seconds(vmStale), seconds(vmOffline));
    }

    private static Duration seconds(int s) {
        if (s < 1 || s > 31_536_000) {
            throw new IllegalStateException("liveness thresholds must be from 1 s to a year, not " + s + " s");
        }
        return Duration.ofSeconds(s);
    }
}
