package io.corral.clone;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Operator-tunable rules of clone runs. */
@ApplicationScoped
public class CloneSettings {
    @Inject
    @ConfigProperty(name = "CORRAL_CLONE_RUN_COMMAND_EXPIRY_SECONDS", defaultValue = "86400")
    int commandExpirySeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_CLONE_RUN_CHECK_MILLIS", defaultValue = "1000")
    long checkMillis;

    /** How long a run's clone may wait in the queue (clones of one template run one after another). */
    public int commandExpirySeconds() {
        return commandExpirySeconds;
    }

    /** How often a running run's follower looks at its commands when no finish woke it. */
    public long checkMillis() {
        return checkMillis;
    }
}
