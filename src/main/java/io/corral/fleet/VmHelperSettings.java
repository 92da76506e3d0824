package io.corral.fleet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** Operator-tunable settings of the in-VM helper's heartbeat (its rate limit is the rate-limit filter's). */
@ApplicationScoped
public class VmHelperSettings {
    @Inject
    @ConfigProperty(name = "CORRAL_VM_HEARTBEAT_MAX_SKEW_SECONDS", defaultValue = "60")
    int maxSkewSeconds;

    /** How far ahead of the control plane's clock a guest's {@code lastInputAt} may be. */
    public Duration maxSkew() {
        return Duration.ofSeconds(maxSkewSeconds);
    }
}
