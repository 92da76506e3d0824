package io.corral.fleet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** Operator-tunable fleet settings. */
@ApplicationScoped
public class FleetSettings {
    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_TTL_SECONDS", defaultValue = "30")
    int agentTtlSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_TARGETS_ALLOW_LOOPBACK", defaultValue = "false")
    boolean targetsAllowLoopback;

    /** How long an agent stays online after its last sign of life, unless the agent sets its own. */
    public Duration agentTtl() {
        return Duration.ofSeconds(agentTtlSeconds);
    }

    /** Whether SSH targets may be loopback addresses (tests and single-host setups). */
    public boolean targetsAllowLoopback() {
        return targetsAllowLoopback;
    }
}
