package io.corral.agent.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;

/** One connected, authenticated session to a target; closing disconnects it. */
public final class SshSession implements AutoCloseable {

    private final SshTarget target;
    private final Session session;
    private final long latencyMs;
    private final CancelWatch.Registration watch;
    private final CommandContext context;

    SshSession(SshTarget target, Session session, long latencyMs, CancelWatch.Registration watch,
               CommandContext context) {
        this.target = target;
        this.session = session;
        this.latencyMs = latencyMs;
        this.watch = watch;
        this.context = context;
    }

    public SshTarget target() {
        return target;
    }

    /** How long connecting and authenticating took. */
    public long latencyMs() {
        return latencyMs;
    }

    /** The server's identification, e.g. {@code SSH-2.0-OpenSSH_9.2p1 Debian-2}. */
    public String serverVersion() {
        return session.getServerVersion();
    }

    ChannelSftp sftp(int timeoutMs) throws CommandFailure {
        try {
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(timeoutMs);
            return sftp;
        } catch (JSchException e) {
            throw SshErrors.failure(SshErrors.FILE_ERROR, "SSH " + target.name() + ": SFTP unavailable: " + e.getMessage());
        }
    }

    ChannelExec exec() throws CommandFailure {
        try {
            return (ChannelExec) session.openChannel("exec");
        } catch (JSchException e) {
            throw SshErrors.failure(SshErrors.UNREACHABLE, "SSH " + target.name() + ": " + e.getMessage());
        }
    }

    /**
     * The failure to report for an error during an operation: the cancellation when the command
     * was cancelled (the session was cut for it), else {@code fallback}.
     */
    CommandFailure failure(CommandFailure fallback) {
        try {
            context.checkCancelled();
            return fallback;
        } catch (CommandFailure cancelled) {
            return cancelled;
        }
    }

    boolean connected() {
        return session.isConnected();
    }

    void checkCancelled() throws CommandFailure {
        context.checkCancelled();
    }

    @Override
    public void close() {
        watch.close();
        session.disconnect();
    }
}
