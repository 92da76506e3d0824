package io.corral.agent.command;

import io.corral.agent.platform.PrivateFiles;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Results not yet accepted by the control plane, one file per command
 * ({@code <dataDir>/outbox/<commandId>.json}, 0600 in a 0700 directory), written atomically (new
 * temp file, fsync, rename; no link followed) so a crash leaves either the whole result or none. A result survives restarts until the
 * control plane has answered it.
 */
public class ResultOutbox {

    private static final Logger LOG = Logger.getLogger(ResultOutbox.class.getName());
    private static final String SUFFIX = ".json";

    private final Path dir;

    public ResultOutbox(Path dataDir) {
        this.dir = dataDir.resolve("outbox");
    }

    public Path dir() {
        return dir;
    }

    public void save(CommandResult result) throws IOException {
        PrivateFiles.write(file(result.commandId()),
                result.toStoredJson().toString().getBytes(StandardCharsets.UTF_8));
        syncDirectory();
    }

    public boolean contains(String commandId) {
        return Command.isSafeId(commandId) && Files.exists(file(commandId));
    }

    public void delete(String commandId) throws IOException {
        Files.deleteIfExists(file(commandId));
    }

    /**
     * Every stored result, oldest first. A file that cannot be read is renamed to
     * {@code *.unreadable} and logged, so it neither blocks the others nor vanishes.
     */
    public List<CommandResult> load() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(SUFFIX)
                    && !p.getFileName().toString().startsWith(".")).toList();
        }
        List<Path> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(ResultOutbox::modified).thenComparing(Path::getFileName));
        List<CommandResult> results = new ArrayList<>();
        for (Path file : sorted) {
            try (JsonReader reader = Json.createReader(new StringReader(Files.readString(file)))) {
                results.add(CommandResult.fromStoredJson(reader.readObject()));
            } catch (RuntimeException | IOException e) {
                LOG.warning(() -> "Outbox file " + file + " is unreadable (" + e.getMessage()
                        + "); set aside as " + file.getFileName() + ".unreadable");
                Files.move(file, file.resolveSibling(file.getFileName() + ".unreadable"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return results;
    }

    private Path file(String commandId) {
        if (!Command.isSafeId(commandId)) {
            throw new IllegalArgumentException("unsafe command id");
        }
        return dir.resolve(commandId + SUFFIX);
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    // The rename is only durable once the directory entry is: fsync the directory (Linux allows
    // it; elsewhere it may fail, and the rename is then as durable as the platform makes it).
    private void syncDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // not supported on this platform
        }
    }
}
