package io.corral.agent.ssh;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import io.corral.agent.executor.CommandFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Config files over one SFTP channel: capped reads, and writes that replace a file atomically
 * (temp file, backup of the old content, rename over). Symbolic links are refused — the file
 * and every directory on its path — so an allow-listed name cannot point elsewhere.
 */
final class ConfigFiles {

    /** Largest config file read or written: 1 MiB. */
    static final int MAX_SIZE = 1024 * 1024;
    /** Marks the temp file and the backup beside a written file (see {@link ConfigPaths#companion}). */
    static final String TEMP_MARKER = "corral-tmp";
    static final String BACKUP_MARKER = "corral-bak";
    private static final String POSIX_RENAME = "posix-rename@openssh.com";

    private final ChannelSftp sftp;
    private final SshSession session;

    ConfigFiles(ChannelSftp sftp, SshSession session) {
        this.sftp = sftp;
        this.session = session;
    }

    /** A file's content and permissions. */
    record Content(byte[] data, int permissions) {
    }

    /** The file, or null when it does not exist. */
    Content readIfExists(String path) throws CommandFailure {
        refuseLinkedDirectories(path);
        SftpATTRS attributes = lstat(path);
        if (attributes == null) {
            return null;
        }
        if (attributes.isLink()) {
            throw SshErrors.failure(SshErrors.COMMAND_FORBIDDEN, path + " is a symbolic link");
        }
        if (!attributes.isReg()) {
            throw SshErrors.failure(SshErrors.FILE_ERROR, path + " is not a regular file");
        }
        if (attributes.getSize() > MAX_SIZE) {
            throw tooLarge(path);
        }
        try (InputStream in = sftp.get(path)) {
            byte[] data = in.readNBytes(MAX_SIZE + 1);
            if (data.length > MAX_SIZE) {
                throw tooLarge(path);
            }
            return new Content(data, attributes.getPermissions() & 07777);
        } catch (SftpException | IOException e) {
            throw failure("read " + path, e);
        }
    }

    /**
     * Writes {@code data} as {@code path} through {@code temp}, keeping {@code previous} as
     * {@code backup}: other readers see the old or the new file, never a part.
     */
    void replace(String path, byte[] data, Content previous, String temp, String backup) throws CommandFailure {
        if (previous != null) {
            upload(backup, previous.data(), previous.permissions());
        }
        upload(temp, data, previous == null ? -1 : previous.permissions());
        session.checkCancelled();
        try {
            if (sftp.getExtension(POSIX_RENAME) == null && previous != null) {
                // Plain SFTP rename refuses to overwrite; the file is briefly absent (backup exists).
                sftp.rm(path);
            }
            sftp.rename(temp, path); // JSch uses posix-rename@openssh.com when the server has it
        } catch (SftpException e) {
            removeQuietly(temp);
            throw failure("rename " + temp + " to " + path, e);
        }
    }

    // Each directory from the root down is looked at without following it; a link among them
    // could lead the allow-listed name anywhere on the machine.
    private void refuseLinkedDirectories(String path) throws CommandFailure {
        int slash = path.indexOf('/', 1);
        while (slash > 0) {
            String directory = path.substring(0, slash);
            SftpATTRS attributes = lstat(directory);
            if (attributes == null) {
                return; // nothing below a missing directory exists either
            }
            if (attributes.isLink()) {
                throw SshErrors.failure(SshErrors.COMMAND_FORBIDDEN, directory + " is a symbolic link; a config path "
                        + "may not pass through one (" + path + ")");
            }
            slash = path.indexOf('/', slash + 1);
        }
    }

    private void upload(String path, byte[] data, int permissions) throws CommandFailure {
        // A stale file (or a planted symbolic link) goes first, so put never writes through a link.
        removeQuietly(path);
        try {
            sftp.put(new ByteArrayInputStream(data), path, ChannelSftp.OVERWRITE);
            if (permissions >= 0) {
                sftp.chmod(permissions, path);
            }
        } catch (SftpException e) {
            removeQuietly(path);
            throw failure("write " + path, e);
        }
    }

    private SftpATTRS lstat(String path) throws CommandFailure {
        try {
            return sftp.lstat(path);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return null;
            }
            throw failure("stat " + path, e);
        }
    }

    private void removeQuietly(String path) {
        try {
            if (lstat(path) != null) {
                sftp.rm(path);
            }
        } catch (SftpException | CommandFailure ignored) {
            // Best effort: the following write reports the real problem.
        }
    }

    private CommandFailure failure(String what, Exception e) {
        String reason = e instanceof SftpException sftpError ? describe(sftpError) : e.getClass().getSimpleName();
        String code = SshErrors.FILE_ERROR;
        if (!session.connected()) {
            code = SshErrors.UNREACHABLE;
            reason = "connection lost";
        }
        return session.failure(SshErrors.failure(code, "SSH " + session.target().name() + ": cannot " + what + ": " + reason));
    }

    private static String describe(SftpException e) {
        return switch (e.id) {
            case ChannelSftp.SSH_FX_NO_SUCH_FILE -> "no such file";
            case ChannelSftp.SSH_FX_PERMISSION_DENIED -> "permission denied";
            default -> "SFTP error " + e.id + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        };
    }

    private static CommandFailure tooLarge(String path) {
        return SshErrors.failure(SshErrors.FILE_TOO_LARGE, path + " is larger than " + MAX_SIZE + " bytes");
    }
}
