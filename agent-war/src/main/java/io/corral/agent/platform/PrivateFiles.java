package io.corral.agent.platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Files the agent keeps for itself: directories 0700, files 0600, written through a new temp
 * file ({@code O_CREAT|O_EXCL}, no link followed) that is renamed over the target, so a link
 * planted at either name is replaced, never written through.
 */
public final class PrivateFiles {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PrivateFiles() {
    }

    /** Creates {@code dir} (0700) if missing; an existing one is left as it is. Refuses a symbolic link. */
    public static Path directory(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symbolic link");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            try {
                Files.createDirectory(dir, attributes(dir.toAbsolutePath().getParent(), DIRECTORY));
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
                return dir;
            }
            restrict(dir, DIRECTORY); // the umask may have taken bits away, never added: set exactly
        }
        return dir;
    }

    /** Writes {@code data} as {@code target} (0600) atomically; creates the directory if missing. */
    public static void write(Path target, byte[] data) throws IOException {
        Path dir = directory(target.toAbsolutePath().getParent());
        Path temp = dir.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(bytes(6)) + ".tmp");
        try {
            Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            try (FileChannel out = FileChannel.open(temp, options, attributes(dir, FILE))) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The secret kept in {@code file}; made (32 random bytes, hex) and stored 0600 the first time.
     * A file that is not a regular file of its own (e.g. a link) is refused.
     */
    public static String secret(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + " is a symbolic link");
        }
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!text.isEmpty()) {
                return text;
            }
        }
        String secret = randomSecret();
        write(file, secret.getBytes(StandardCharsets.US_ASCII));
        return secret;
    }

    /** 32 random bytes as hex. */
    public static String randomSecret() {
        return HexFormat.of().formatHex(bytes(32));
    }

    private static byte[] bytes(int n) {
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return out;
    }

    private static FileAttribute<?>[] attributes(Path dir, Set<PosixFilePermission> permissions) {
        return posix(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (posix(path)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
