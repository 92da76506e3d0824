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

    @Inject
    @ConfigProperty(name = "CORRAL_VMID_RANGE", defaultValue = "10000-19999")
    String vmidRange;

    @Inject
    @ConfigProperty(name = "CORRAL_VM_ACTIVE_CPU", defaultValue = "0.05")
    double vmActiveCpu;

    /**
     * A running guest without an in-VM helper counts as in use while its inventory CPU figure (a share
     * of its cores, as Proxmox reports it) is at least this.
     */
    public double vmActiveCpu() {
        if (!(vmActiveCpu > 0 && vmActiveCpu <= 1)) {
            throw new IllegalStateException("CORRAL_VM_ACTIVE_CPU must be above 0 and at most 1, not " + vmActiveCpu);
        }
        return vmActiveCpu;
    }

    /** How long an agent stays online after its last sign of life, unless the agent sets its own. */
    public Duration agentTtl() {
        return Duration.ofSeconds(agentTtlSeconds);
    }

    /** The VMIDs Corral hands out (clone runs, clones without a {@code newid}), e.g. {@code 10000-19999}. */
    public int[] vmidRange() {
        String[] bounds = vmidRange.trim().split("-");
        IllegalStateException invalid = new IllegalStateException(
                "CORRAL_VMID_RANGE must be LOW-HIGH within 100-999999999, not " + vmidRange);
        if (bounds.length != 2 || !bounds[0].trim().matches("\\d{1,9}") || !bounds[1].trim().matches("\\d{1,9}")) {
            throw invalid;
        }
        int low = Integer.parseInt(bounds[0].trim());
        int high = Integer.parseInt(bounds[1].trim());
        if (low < 100 || low > high) {
            throw invalid;
        }
        return new int[] {low, high};
    }

    /** Whether SSH targets may be loopback addresses (tests and single-host setups). */
    public boolean targetsAllowLoopback() {
        return targetsAllowLoopback;
    }
}
