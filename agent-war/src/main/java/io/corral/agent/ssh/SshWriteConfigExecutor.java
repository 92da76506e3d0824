package io.corral.agent.ssh;

import com.jcraft.jsch.ChannelSftp;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@code ssh.write-config} {@code {"target","path","content","expectedSha256"?}}: replaces an
 * allow-listed config file atomically over SFTP — the new content goes to
 * {@code <name>.corral-tmp<.ext>}, the old one is kept as {@code <name>.corral-bak<.ext>} (both beside
 * the file, and both must match the allowed globs too), then the temp file is renamed over the path. With {@code expectedSha256} the write happens only if the current file
 * has that hash ({@code SSH_CONFLICT} otherwise, also when the file does not exist).
 * <p>
 * Result {@code {"path","sha256","size","backup"}}; backup is null when there was no file.
 */
public class SshWriteConfigExecutor implements CommandExecutor {

    public static final String TYPE = "ssh.write-config";
    private static final Logger LOG = Logger.getLogger(SshWriteConfigExecutor.class.getName());

    private final SshTargetDirectory targets;
    private final SshConnector connector;
    private final ConfigPaths paths;

    public SshWriteConfigExecutor(SshTargetDirectory targets, SshConnector connector, ConfigPaths paths) {
        this.targets = targets;
        this.connector = connector;
        this.paths = paths;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public JsonObject execute(CommandContext context) throws CommandFailure {
        Payload payload = new Payload(context.payload());
        String path = paths.check(payload.optionalString("path")
                .orElseThrow(() -> CommandFailure.invalidPayload("path", "is required")));
        String temp = paths.companion(path, ConfigFiles.TEMP_MARKER);
        String backup = paths.companion(path, ConfigFiles.BACKUP_MARKER);
        byte[] data = payload.optionalString("content")
                .orElseThrow(() -> CommandFailure.invalidPayload("content", "is required"))
                .getBytes(StandardCharsets.UTF_8);
        if (data.length > ConfigFiles.MAX_SIZE) {
            throw CommandFailure.invalidPayload("content", "must be at most " + ConfigFiles.MAX_SIZE + " bytes");
        }
        Optional<String> expected = payload.optionalString("expectedSha256");
        if (expected.isPresent() && !Sha256.HEX.matcher(expected.get()).matches()) {
            throw CommandFailure.invalidPayload("expectedSha256", "must be 64 hex digits");
        }
        SshTarget target = targets.find(TargetSelector.from(context.payload()));
        try (SshSession session = connector.open(target, context)) {
            ChannelSftp sftp = session.sftp(Math.toIntExact(connector.connectTimeout().toMillis()));
            ConfigFiles.Content previous;
            try {
                ConfigFiles files = new ConfigFiles(sftp, session);
                previous = files.readIfExists(path);
                checkExpected(path, expected, previous);
                session.checkCancelled();
                files.replace(path, data, previous, temp, backup);
            } finally {
                sftp.disconnect();
            }
            String sha256 = Sha256.hex(data);
            LOG.info(() -> "Wrote " + path + " on SSH target " + target.name() + " (sha256 " + sha256 + ", command "
                    + context.commandId() + ")");
            JsonObjectBuilder result = Json.createObjectBuilder().add("path", path).add("sha256", sha256)
                    .add("size", data.length);
            return previous == null ? result.addNull("backup").build()
                    : result.add("backup", backup).build();
        }
    }

    private static void checkExpected(String path, Optional<String> expected, ConfigFiles.Content previous)
            throws CommandFailure {
        if (expected.isEmpty()) {
            return;
        }
        if (previous == null) {
            throw SshErrors.failure(SshErrors.CONFLICT, path + " does not exist (expected sha256 " + expected.get() + ")");
        }
        String actual = Sha256.hex(previous.data());
        if (!actual.equals(expected.get().toLowerCase(Locale.ROOT))) {
            throw SshErrors.failure(SshErrors.CONFLICT, path + " changed: its sha256 is " + actual
                    + ", expected " + expected.get());
        }
    }
}
