package io.corral.agent.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * A configuration file parsed again whenever it changes (modification time, size or file
 * identity). A missing file parses as empty text; a file that fails to parse keeps the last
 * good value, so a half-written edit does not wipe the configuration.
 */
final class WatchedFile<T> {

    private static final Logger LOG = Logger.getLogger(WatchedFile.class.getName());

    private final Path path;
    private final Function<String, T> parser;
    private Object stamp;
    private T value;

    WatchedFile(Path path, Function<String, T> parser) {
        this.path = path;
        this.parser = parser;
    }

    synchronized T current() {
        Object now = stamp();
        if (value == null || !Objects.equals(now, stamp)) {
            stamp = now;
            reload(now);
        }
        return value;
    }

    private void reload(Object now) {
        String text;
        try {
            text = now == null ? "" : Files.readString(path);
        } catch (IOException e) {
            LOG.warning(() -> "Cannot read " + path + ": " + e.getMessage() + "; keeping the previous settings");
            value = value == null ? parser.apply("") : value;
            return;
        }
        try {
            value = parser.apply(text);
        } catch (RuntimeException e) {
            LOG.warning(() -> "Ignoring " + path + ": " + e.getMessage() + "; keeping the previous settings");
            value = value == null ? parser.apply("") : value;
        }
    }

    private Object stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return java.util.List.of(attributes.lastModifiedTime(), attributes.size(),
                    String.valueOf(attributes.fileKey()));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
