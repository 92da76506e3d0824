package io.corral.agent.command;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.ExecutorRegistry;
import io.corral.agent.executor.Progress;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes one delivered command to its result: start it, wait for a slot of its type, execute it
 * with a progress ticker, and hand the outcome to the {@link ResultReporter}. Every failure
 * becomes a typed {@code failed} result; a cancel while it runs becomes {@code cancelled}.
 */
public class CommandRunner {

    private static final Logger LOG = Logger.getLogger(CommandRunner.class.getName());

    private final CommandStarter starter;
    private final CommandChannel channel;
    private final ExecutorRegistry executors;
    private final TypeGate gate;
    private final InFlightCommands inFlight;
    private final ReceivedCommands received;
    private final ResultReporter reporter;
    private final ScheduledExecutorService progressScheduler;
    private final Duration progressInterval;

    public CommandRunner(CommandStarter starter, CommandChannel channel, ExecutorRegistry executors,
                         TypeGate gate, InFlightCommands inFlight, ReceivedCommands received, ResultReporter reporter,
                         ScheduledExecutorService progressScheduler, Duration progressInterval) {
        this.starter = starter;
        this.channel = channel;
        this.executors = executors;
        this.gate = gate;
        this.inFlight = inFlight;
        this.received = received;
        this.reporter = reporter;
        this.progressScheduler = progressScheduler;
        this.progressInterval = progressInterval;
    }

    /** Runs the command on the calling thread. Never throws. */
    public void run(Command command) {
        try {
            takeOn(command);
        } finally {
            // Its result is in the outbox by now, or it was refused or not run: no longer "have".
            received.finished(command.id());
        }
    }

    private void takeOn(Command command) {
        if (reporter.holds(command.id())) {
            // Executed before (perhaps before a restart) but not yet reported: never run twice.
            LOG.info(() -> "Command " + command.id() + " delivered again; it was executed already, "
                    + "re-sending its result");
            reporter.resendNow();
            return;
        }
        RunningCommand running = inFlight.register(command);
        if (running == null) {
            LOG.info(() -> "Command " + command.id() + " delivered again while it runs here; ignored");
            return;
        }
        try {
            CommandStarter.Outcome outcome = starter.start(running);
            if (outcome == CommandStarter.Outcome.STARTED) {
                running.markExecuting();
                reporter.report(execute(running));
            } else if (outcome == CommandStarter.Outcome.UNCONFIRMED) {
                // It may be running on the control plane on our behalf: close it rather than
                // leave it to go stale. If it was cancelled or expired, this result is refused.
                reporter.report(CommandResult.failed(command.id(), "START_UNCONFIRMED",
                        "the agent could not confirm the start of this command; it was not executed"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.remove(command.id());
        }
    }

    private CommandResult execute(RunningCommand running) {
        Command command = running.command();
        LOG.fine(() -> "Command " + command.id() + " (" + command.type() + ") started");
        try (ProgressTicker ticker = ProgressTicker.start(running, channel, progressScheduler,
                progressInterval, Progress.message("waiting for a " + command.type() + " slot"))) {
            Optional<CommandExecutor> executor = executors.find(command.type());
            if (executor.isEmpty()) {
                return CommandResult.failed(command.id(), CommandFailure.UNSUPPORTED_TYPE,
                        "this agent does not support " + command.type() + " (it supports " + executors.types() + ")");
            }
            if (!(command.payload() instanceof JsonObject) && command.payload() != JsonValue.NULL) {
                return CommandResult.failed(command.id(), CommandFailure.INVALID_PAYLOAD, "payload must be an object");
            }
            JsonObject payload = command.payload() instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
            try (TypeGate.Slot slot = gate.acquire(command.type(), running.cancellation())) {
                if (slot == null || running.cancellation().isSet()) {
                    return cancelled(command);
                }
                ticker.update(Progress.message("running"));
                JsonObject result = executor.get().execute(new CommandContext(command.id(), payload, ticker,
                        running.cancellation()));
                return CommandResult.succeeded(command.id(), result == null ? JsonValue.EMPTY_JSON_OBJECT : result);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return stopped(command);
        } catch (CommandFailure failure) {
            if (failure.isCancellation() || running.cancellation().isSet()) {
                return cancelled(command);
            }
            if (Thread.currentThread().isInterrupted()) {
                return stopped(command);
            }
            LOG.info(() -> "Command " + command.id() + " (" + command.type() + ") failed: " + failure.code()
                    + " " + failure.getMessage());
            return CommandResult.failed(command.id(), failure.code(), failure.getMessage());
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.log(Level.SEVERE, "Command " + command.id() + " (" + command.type() + ") failed unexpectedly", e);
            return CommandResult.failed(command.id(), CommandFailure.INTERNAL,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    // Undeploy interrupted the command: say so (the result waits in the outbox for the next
    // start) rather than leave it to go stale on the control plane.
    private static CommandResult stopped(Command command) {
        LOG.warning(() -> "Command " + command.id() + " (" + command.type() + ") interrupted: the agent is stopping");
        return CommandResult.failed(command.id(), "AGENT_STOPPED", "the agent stopped before the command finished");
    }

    private static CommandResult cancelled(Command command) {
        LOG.info(() -> "Command " + command.id() + " (" + command.type() + ") cancelled");
        return CommandResult.cancelled(command.id());
    }
}
