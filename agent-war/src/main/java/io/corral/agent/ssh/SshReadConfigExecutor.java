package io.corral.agent.ssh;

import com.jcraft.jsch.ChannelSftp;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * {@code ssh.read-config} {@code {"target","path"}}: reads an allow-listed config file over
 * SFTP (at most 1 MiB, UTF-8 text). Result {@code {"path","content","sha256","size"}}; the
 * sha256 is what {@code ssh.write-config} takes as {@code expectedSha256}.
 */
public class SshReadConfigExecutor implements CommandExecutor {

    public static final String TYPE = "ssh.read-config";

    private final SshTargetDirectory targets;
    private final SshConnector connector;
    private final ConfigPaths paths;

    public SshReadConfigExecutor(SshTargetDirectory targets, SshConnector connector, ConfigPaths paths) {
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
        String path = paths.check(new Payload(context.payload()).optionalString("path")
                .orElseThrow(() -> CommandFailure.invalidPayload("path", "is required")));
        SshTarget target = targets.find(TargetSelector.from(context.payload()));
        try (SshSession session = connector.open(target, context)) {
            ChannelSftp sftp = session.sftp(Math.toIntExact(connector.connectTimeout().toMillis()));
            try {
                ConfigFiles.Content content = new ConfigFiles(sftp, session).readIfExists(path);
                if (content == null) {
                    throw SshErrors.failure(SshErrors.FILE_NOT_FOUND, path + " does not exist on " + target.name());
                }
                return Json.createObjectBuilder()
                        .add("path", path)
                        .add("content", text(path, content.data()))
                        .add("sha256", Sha256.hex(content.data()))
                        .add("size", content.data().length)
                        .build();
            } finally {
                sftp.disconnect();
            }
        }
    }

    private static String text(String path, byte[] data) throws CommandFailure {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            // Lossy decoding would make a read-modify-write silently corrupt the file.
            throw SshErrors.failure(SshErrors.FILE_ERROR, path + " is not UTF-8 text");
        }
    }
}
