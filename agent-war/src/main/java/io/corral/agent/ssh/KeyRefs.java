package io.corral.agent.ssh;

import io.corral.agent.executor.CommandFailure;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The agent's own check of a {@code keyRef} (the control plane checks it too): the name of a
 * regular file directly in the key directory — no path, no {@code ..}, no symbolic link.
 */
final class KeyRefs {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final Path keyDir;

    KeyRefs(Path keyDir) {
        this.keyDir = keyDir.toAbsolutePath().normalize();
    }

    /** The key file {@code keyRef} names, or {@code SSH_KEY_FORBIDDEN} saying why not. */
    Path resolve(String keyRef) throws CommandFailure {
        if (keyRef == null || !NAME.matcher(keyRef).matches() || keyRef.equals(".") || keyRef.equals("..")) {
            throw forbidden("keyRef '" + keyRef + "' is not a key name (letters, digits, . _ -; no path)");
        }
        Path file = keyDir.resolve(keyRef).normalize();
        if (!keyDir.equals(file.getParent())) {
            throw forbidden("keyRef '" + keyRef + "' points outside " + keyDir);
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw forbidden("keyRef '" + keyRef + "' names no key file in " + keyDir
                    + (Files.isSymbolicLink(file) ? " (symbolic links are not followed)" : ""));
        }
        return file;
    }

    private static CommandFailure forbidden(String message) {
        return SshErrors.failure(SshErrors.KEY_FORBIDDEN, message);
    }
}
