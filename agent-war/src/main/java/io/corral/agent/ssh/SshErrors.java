package io.corral.agent.ssh;

import io.corral.agent.executor.CommandFailure;

/**
 * The error codes of the {@code ssh.*} executors. The first seven are the contract with the
 * control plane; the file and timeout codes refine failures that none of those describe.
 */
public final class SshErrors {

    /** No SSH target is configured for the requested guest. */
    public static final String REQUIRED = "SSH_REQUIRED";
    /** The target refused our key (or the key could not be loaded). */
    public static final String AUTH_FAILED = "SSH_AUTH_FAILED";
    /** Connection refused, timed out, DNS failure, or the connection dropped. */
    public static final String UNREACHABLE = "SSH_UNREACHABLE";
    /** The server's host key is not the pinned one. */
    public static final String HOST_KEY_MISMATCH = "SSH_HOST_KEY_MISMATCH";
    /** Not an allow-listed command template, argument or config path. */
    public static final String COMMAND_FORBIDDEN = "SSH_COMMAND_FORBIDDEN";
    /** The target's address is link-local, a metadata service, or (unless allowed) loopback. */
    public static final String TARGET_FORBIDDEN = "SSH_TARGET_FORBIDDEN";
    /** A target's {@code keyRef} is not the name of a key file in the agent's key directory. */
    public static final String KEY_FORBIDDEN = "SSH_KEY_FORBIDDEN";
    /** {@code expectedSha256} did not match the current file. */
    public static final String CONFLICT = "SSH_CONFLICT";
    /** The config file to read does not exist. */
    public static final String FILE_NOT_FOUND = "SSH_FILE_NOT_FOUND";
    /** The config file is larger than the cap. */
    public static final String FILE_TOO_LARGE = "SSH_FILE_TOO_LARGE";
    /** Any other SFTP failure (permission denied, not a regular file, …). */
    public static final String FILE_ERROR = "SSH_FILE_ERROR";
    /** The command did not finish within the exec timeout; it was abandoned. */
    public static final String TIMEOUT = "SSH_TIMEOUT";

    private SshErrors() {
    }

    static CommandFailure failure(String code, String message) {
        return new CommandFailure(code, message);
    }
}
