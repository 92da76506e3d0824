package io.corral.agent.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code ssh.exec} {@code {"target","command":"<template>","args":{…}}}: runs an allow-listed
 * command template with typed arguments — never a caller's shell string. Every argv element is
 * single-quoted, so the remote shell interprets nothing. The template and its arguments are
 * checked before any connection is opened ({@code SSH_COMMAND_FORBIDDEN}).
 * <p>
 * Result {@code {"exitCode","stdout","stderr","stdoutTruncated","stderrTruncated"}}, output
 * capped at 64 KiB each. A non-zero exit code is still a <em>succeeded</em> command: the command
 * ran, and what its exit code means is the caller's call (e.g. {@code systemctl is-active}
 * answers 3 for "inactive"). {@code exitCode} is null when the command ended without one (killed
 * by a signal). Not finishing within the exec timeout fails with {@code SSH_TIMEOUT}.
 */
public class SshExecExecutor implements CommandExecutor {

    public static final String TYPE = "ssh.exec";
    static final int OUTPUT_CAP = 64 * 1024;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Logger LOG = Logger.getLogger(SshExecExecutor.class.getName());

    private final SshTargetDirectory targets;
    private final SshConnector connector;
    private final CommandTemplates templates;
    private final Duration timeout;

    public SshExecExecutor(SshTargetDirectory targets, SshConnector connector, CommandTemplates templates,
                           Duration timeout) {
        this.targets = targets;
        this.connector = connector;
        this.templates = templates;
        this.timeout = timeout;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public JsonObject execute(CommandContext context) throws CommandFailure {
        JsonObject payload = context.payload();
        // The payload's shape first (INVALID_PAYLOAD), then the allow-list (SSH_COMMAND_FORBIDDEN).
        Payload fields = new Payload(payload);
        TargetSelector selector = TargetSelector.from(payload);
        String name = fields.optionalString("command")
                .orElseThrow(() -> CommandFailure.invalidPayload("command", "is required"));
        JsonObject args = fields.optionalObject("args").orElse(JsonValue.EMPTY_JSON_OBJECT);
        List<String> argv = templates.find(name).render(args);
        String commandLine = ShellQuoting.commandLine(argv);
        SshTarget target = targets.find(selector);
        try (SshSession session = connector.open(target, context)) {
            LOG.info(() -> "Running SSH command " + name + " on target " + target.name() + " (command "
                    + context.commandId() + ")");
            return run(session, commandLine, context);
        }
    }

    private JsonObject run(SshSession session, String commandLine, CommandContext context) throws CommandFailure {
        ChannelExec channel = session.exec();
        CappedBuffer stdout = new CappedBuffer(OUTPUT_CAP);
        CappedBuffer stderr = new CappedBuffer(OUTPUT_CAP);
        channel.setCommand(commandLine);
        channel.setInputStream(new ByteArrayInputStream(new byte[0])); // stdin at EOF at once
        channel.setOutputStream(stdout, true);
        channel.setErrStream(stderr, true);
        try {
            channel.connect(Math.toIntExact(connector.connectTimeout().toMillis()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!channel.isClosed()) {
                if (context.awaitCancellation(POLL)) {
                    context.checkCancelled();
                }
                if (System.nanoTime() > deadline) {
                    throw SshErrors.failure(SshErrors.TIMEOUT, "SSH " + session.target().name()
                            + ": command did not finish within " + timeout.toSeconds() + " s");
                }
            }
        } catch (JSchException e) {
            throw session.failure(SshErrors.failure(SshErrors.UNREACHABLE,
                    "SSH " + session.target().name() + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandFailure.cancelled("interrupted");
        } finally {
            channel.disconnect();
        }
        int exit = channel.getExitStatus();
        if (exit < 0 && !session.connected()) {
            throw session.failure(SshErrors.failure(SshErrors.UNREACHABLE,
                    "SSH " + session.target().name() + ": connection lost while the command ran"));
        }
        JsonObjectBuilder result = Json.createObjectBuilder();
        if (exit < 0) {
            result.addNull("exitCode");
        } else {
            result.add("exitCode", exit);
        }
        return result.add("stdout", stdout.text()).add("stderr", stderr.text())
                .add("stdoutTruncated", stdout.truncated()).add("stderrTruncated", stderr.truncated())
                .build();
    }
}
