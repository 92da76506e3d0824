package io.corral.agent.command;

import io.corral.agent.control.ControlPlaneResponse;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Whether the control plane behind one link serves one batch endpoint of the agent API. An older
 * control plane answers its {@code 404} error or {@code 405} on the batch path (never a batch answer); the
 * agent then uses the per-command endpoint and asks again after {@code recheck}, because control
 * planes are upgraded one at a time. Thread-safe.
 */
final class BatchSupport {

    /** How long a control plane without the batch endpoint is not asked again. */
    static final Duration RECHECK = Duration.ofMinutes(5);

    private static final Logger LOG = Logger.getLogger(BatchSupport.class.getName());

    private final String endpoint;
    private final String fallback;
    private final Duration recheck;
    private final LongSupplier nanoTime;
    private boolean missing;
    private long missingSince;

    /**
     * @param endpoint {@code POST /api/v1/agent/commands/start}, for logs
     * @param fallback what the agent does instead, for logs
     */
    BatchSupport(String endpoint, String fallback, Duration recheck, LongSupplier nanoTime) {
        this.endpoint = endpoint;
        this.fallback = fallback;
        this.recheck = recheck;
        this.nanoTime = nanoTime;
    }

    /** True unless the endpoint was found missing less than {@code recheck} ago. */
    synchronized boolean available() {
        return !missing || nanoTime.getAsLong() - missingSince >= recheck.toNanos();
    }

    /**
     * True when this answer to the batch path says the endpoint does not exist (the control
     * plane's own {@code 404} error, or {@code 405}); that is remembered. A bare 404 (no error
     * code: the server is up but the application is still deploying, e.g. after a restart) says
     * nothing about the endpoint and is retried like any failure. A success shows it exists.
     */
    synchronized boolean answeredMissing(ControlPlaneResponse response) {
        if (response.isVerdict(404) || response.status() == 405) {
            if (!missing) {
                LOG.info(() -> "The control plane has no " + endpoint + " (" + response.summary() + "): "
                        + fallback + "; asking again every " + recheck.toMinutes() + " min");
            }
            missing = true;
            missingSince = nanoTime.getAsLong();
            return true;
        }
        if (missing && response.isSuccess()) {
            missing = false;
            LOG.info(() -> "The control plane now serves " + endpoint + "; using it again");
        }
        return false;
    }
}
