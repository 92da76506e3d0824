package io.corral.agent.command;

import io.corral.agent.control.ControlPlaneException;
import io.corral.agent.control.ControlPlaneResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Acknowledges a delivered command within its lease: through the shared {@link StartBatcher}
 * ({@code POST …/commands/start}, many commands a request), or with its own request
 * ({@code POST …/{id}/start}) when the control plane has no batch endpoint. Either way only
 * "started" means "execute"; a refusal (what the per-command call answers 404 or 409) means "do
 * not". When no attempt got a verdict before the lease ended and one may have reached the server
 * (no answer, 5xx), the outcome is unknown: the command may be running on the control plane on
 * our behalf.
 */
public class CommandStarter {

    private static final Logger LOG = Logger.getLogger(CommandStarter.class.getName());
    private static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    public enum Outcome { STARTED, REFUSED, UNCONFIRMED }

    private final CommandChannel channel;
    private final StartBatcher batcher;
    private final Supplier<Backoff> backoff;
    private final Clock clock;

    public CommandStarter(CommandChannel channel, StartBatcher batcher, Supplier<Backoff> backoff, Clock clock) {
        this.channel = channel;
        this.batcher = batcher;
        this.backoff = backoff;
        this.clock = clock;
    }

    public Outcome start(RunningCommand running) throws InterruptedException {
        StartAttempt attempt = new StartAttempt(running,
                running.command().leaseDeadline(clock.instant().plus(DEFAULT_LEASE)));
        if (channel.startBatches().available()) {
            Optional<Outcome> outcome = batcher.start(attempt);
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
        return startAlone(attempt);
    }

    /** With requests of its own, until a verdict or the end of the lease. */
    private Outcome startAlone(StartAttempt attempt) throws InterruptedException {
        Command command = attempt.command();
        Backoff delays = backoff.get();
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
                attempt.failed(response.status() >= 500, response.summary());
            } catch (ControlPlaneException e) {
                if ("interrupted".equals(e.getMessage())) {
                    throw new InterruptedException("stopped while starting " + command.id());
                }
                attempt.failed(e.requestMayHaveArrived(), e.getMessage());
            }
            Duration delay = delays.next();
            if (attempt.givesUp(clock.instant(), delay)) {
                return attempt.unanswered();
            }
            Thread.sleep(delay.toMillis());
        }
    }
}
