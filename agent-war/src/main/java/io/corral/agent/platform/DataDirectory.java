package io.corral.agent.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The agent's data directory: where it is by default, and the checks it must pass before the
 * agent keeps results, keys and its certificate there (created 0700; refused when owned by
 * another user or writable by group or others).
 */
public final class DataDirectory {

    /** The service location, used when the agent may write {@code /var/lib} (root or a service user). */
    static final Path SERVICE = Path.of("/var/lib/corral-agent");

    private DataDirectory() {
    }

    /** {@code /var/lib/corral-agent} when it is or can be ours, else {@code ~/.corral-agent}; never a shared temp dir. */
    public static Path defaultLocation() {
        boolean usable = Files.isDirectory(SERVICE) ? Files.isWritable(SERVICE) : Files.isWritable(SERVICE.getParent());
        return usable ? SERVICE : Path.of(System.getProperty("user.home"), ".corral-agent");
    }

    /**
     * Creates {@code dir} if missing and checks it.
     *
     * @throws IllegalStateException naming {@code CORRAL_AGENT_DATA_DIR} when it cannot be used
     */
    public static Path prepare(Path dir) {
        try {
            if (!Files.exists(dir)) {
                PrivateFiles.directory(dir);
            }
            if (!Files.isDirectory(dir)) {
                throw refused(dir, "is not a directory");
            }
            if (!PrivateFiles.posix(dir)) {
                return dir;
            }
            PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class);
            String user = currentUser();
            if (user != null && !user.equals(attributes.owner().getName())) {
                throw refused(dir, "is owned by " + attributes.owner().getName() + ", not by " + user
                        + ", the user the agent runs as");
            }
            if (attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                throw refused(dir, "is writable by its group or by others (" + PosixFilePermissions.toString(
                        attributes.permissions()) + "); make it private: chmod 700 " + dir);
            }
            return dir;
        } catch (IOException e) {
            throw refused(dir, "cannot be created or read: " + e.getMessage());
        }
    }

    private static String currentUser() {
        return ProcessHandle.current().info().user().orElse(System.getProperty("user.name"));
    }

    private static IllegalStateException refused(Path dir, String why) {
        return new IllegalStateException("CORRAL_AGENT_DATA_DIR " + dir + " " + why
                + "; the agent keeps results, key references and its certificate there and will not start");
    }
}
