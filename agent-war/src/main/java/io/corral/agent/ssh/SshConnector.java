package io.corral.agent.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.Session;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

/**
 * Opens authenticated SSH sessions to targets: address guard after DNS resolution, public-key
 * authentication only, strict host-key checking against the pinned key. Every failure becomes
 * a typed {@link CommandFailure}.
 */
public final class SshConnector {

    private final SshAddressGuard guard;
    private final Duration connectTimeout;
    private final CancelWatch cancelWatch;

    SshConnector(SshAddressGuard guard, Duration connectTimeout, CancelWatch cancelWatch) {
        this.guard = guard;
        this.connectTimeout = connectTimeout;
        this.cancelWatch = cancelWatch;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    /** Connects and authenticates; the caller closes the session. */
    public SshSession open(SshTarget target, CommandContext context) throws CommandFailure {
        context.checkCancelled();
        // Connect to the address we checked, not the name: a second lookup could answer otherwise.
        InetAddress address = guard.resolve(target.host());
        JSch jsch = new JSch();
        HostKeyPin pin = new HostKeyPin(target.hostKey());
        jsch.setHostKeyRepository(pin);
        addIdentity(jsch, target);
        Session session;
        try {
            session = jsch.getSession(target.user(), address.getHostAddress(), target.port());
        } catch (JSchException e) {
            throw SshErrors.failure(SshErrors.UNREACHABLE, "SSH " + target.address() + ": " + e.getMessage());
        }
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("HashKnownHosts", "no");
        session.setConfig("PreferredAuthentications", "publickey");
        session.setConfig("server_host_key", target.hostKey().algorithms());
        CancelWatch.Registration watch = cancelWatch.watch(context, session::disconnect);
        long started = System.nanoTime();
        try {
            session.connect(Math.toIntExact(connectTimeout.toMillis()));
        } catch (JSchException e) {
            watch.close();
            session.disconnect();
            context.checkCancelled();
            throw failure(target, e, pin);
        }
        long latencyMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        SshSession connected = new SshSession(target, session, latencyMs, watch, context);
        if (context.cancelled()) {
            connected.close();
            context.checkCancelled();
        }
        return connected;
    }

    private static void addIdentity(JSch jsch, SshTarget target) throws CommandFailure {
        try {
            byte[] key = target.privateKey() != null
                    ? target.privateKey().getBytes(StandardCharsets.UTF_8)
                    : Files.readAllBytes(target.privateKeyFile());
            jsch.addIdentity(target.name(), key, null, null);
        } catch (java.io.IOException e) {
            throw SshErrors.failure(SshErrors.AUTH_FAILED,
                    "SSH " + target.name() + ": private key file cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (JSchException e) {
            // The message names the problem ("invalid privatekey"), never the key.
            throw SshErrors.failure(SshErrors.AUTH_FAILED, "SSH " + target.name() + ": private key unusable");
        }
    }

    static CommandFailure failure(SshTarget target, JSchException e, HostKeyPin pin) {
        String where = "SSH " + target.address();
        if (pin.mismatchSeen() || e instanceof JSchHostKeyException) {
            return SshErrors.failure(SshErrors.HOST_KEY_MISMATCH, where + ": the server's host key is not the pinned "
                    + target.hostKey().type() + " key; refusing to connect");
        }
        if (e instanceof JSchAlgoNegoFailException nego && "server_host_key".equals(nego.getAlgorithmName())) {
            return SshErrors.failure(SshErrors.HOST_KEY_MISMATCH, where + ": the server has no "
                    + target.hostKey().type() + " host key (offers " + nego.getServerProposal() + ")");
        }
        String message = String.valueOf(e.getMessage());
        // JSch's authentication failures are plain JSchExceptions (or package-private subtypes).
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")
                || message.startsWith("Partial") || e.getClass().getSimpleName().contains("Auth")) {
            return SshErrors.failure(SshErrors.AUTH_FAILED, where + ": public key authentication failed");
        }
        return SshErrors.failure(SshErrors.UNREACHABLE, where + ": " + reason(e));
    }

    private static String reason(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
