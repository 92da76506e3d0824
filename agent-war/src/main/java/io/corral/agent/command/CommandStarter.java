package io.corral.agent.command;

import io.corral.agent.control.ControlPlaneException;
import io.corral.agent.control.ControlPlaneResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Acknowledges a delivered command ({@code POST …/{id}/start}) within its lease. Only a 2xx
 * means "execute"; a 404 or 409 means "do not". When no attempt got a verdict before the lease
 * ended and one may have reached the server (no answer, 5xx), the outcome is unknown: the
 * command may be running on the control plane on our behalf.
 */
public class CommandStarter {

    private static final Logger LOG = Logger.getLogger(CommandStarter.class.getName());
    private static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    public enum Outcome { STARTED, REFUSED, UNCONFIRMED }

    private final CommandChannel channel;
    private final Supplier<Backoff> backoff;
    private final Clock clock;

    public CommandStarter(CommandChannel channel, Supplier<Backoff> backoff, Clock clock) {
        this.channel = channel;
        this.backoff = backoff;
        this.clock = clock;
    }

    public Outcome start(RunningCommand running) throws InterruptedException {
        Command command = running.command();
        Instant deadline = command.leaseDeadline(clock.instant().plus(DEFAULT_LEASE));
        Backoff delays = backoff.get();
        boolean mayHaveArrived = false;
        String lastProblem;
        while (true) {
            try {
                ControlPlaneResponse response = channel.start(command.id());
                if (response.isSuccess()) {
                    return Outcome.STARTED;
                }
                if (response.isVerdict(404) || response.isVerdict(409)) {
                    // A start that arrived earlier would have made it running, and a start of a
                    // running command is accepted again: a refusal means it is not running for us
                    // (cancelled, expired, or its lease lapsed and it was queued again).
                    LOG.info(() -> "Command " + command.id() + " (" + command.type() + ") not started: "
                            + response.summary() + " (cancelled, expired, queued again or not ours)");
                    return Outcome.REFUSED;
                }
                mayHaveArrived |= response.status() >= 500;
                lastProblem = response.summary();
            } catch (ControlPlaneException e) {
                if ("interrupted".equals(e.getMessage())) {
                    throw new InterruptedException("stopped while starting " + command.id());
                }
                mayHaveArrived |= e.requestMayHaveArrived();
                lastProblem = e.getMessage();
            }
            Duration delay = delays.next();
            if (clock.instant().plus(delay).isAfter(deadline) || running.cancellation().isSet()) {
                String problem = lastProblem;
                LOG.warning(() -> "Command " + command.id() + " (" + command.type() + ") not started "
                        + "within its lease: " + problem);
                return mayHaveArrived ? Outcome.UNCONFIRMED : Outcome.REFUSED;
            }
            Thread.sleep(delay.toMillis());
        }
    }
}
