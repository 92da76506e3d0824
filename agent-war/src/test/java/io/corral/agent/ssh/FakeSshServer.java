package io.corral.agent.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SSH server (Apache MINA SSHD, real key exchange) on 127.0.0.1: public-key auth for one
 * client key, SFTP on a temp directory, and exec requests answered from a fixed table. It never
 * runs a shell: it records the exact command line it received and answers what the test set.
 */
final class FakeSshServer implements AutoCloseable {

    static final String USER = "corral";

    /** What the server answers to one command line; {@code hang} never exits (until the channel closes). */
    record Reply(int exitCode, String stdout, String stderr, boolean hang) {
        static Reply of(int exitCode, String stdout) {
            return new Reply(exitCode, stdout, "", false);
        }
    }

    final KeyPair hostKey;
    final KeyPair clientKey;
    final Path root;
    final List<String> received = new CopyOnWriteArrayList<>();
    final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final SshServer sshd;

    FakeSshServer(Path root) throws Exception {
        this.root = root;
        this.hostKey = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        this.clientKey = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPublickeyAuthenticator((user, key, session) ->
                USER.equals(user) && KeyUtils.compareKeys(key, clientKey.getPublic()));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setCommandFactory((channel, command) -> new TableCommand(command));
        sshd.start();
    }

    int port() {
        return sshd.getPort();
    }

    /** The host key in authorized_keys form, as a target pins it. */
    String hostKeyLine() {
        return PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** Writes an OpenSSH private key file for {@code key}. */
    static Path writePrivateKey(KeyPair key, Path file) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", null, out);
        Files.write(file, out.toByteArray());
        return file;
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }

    private final class TableCommand implements Command {

        private final String line;
        private final CountDownLatch destroyed = new CountDownLatch(1);
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        TableCommand(String line) {
            this.line = line;
        }

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            received.add(line);
            Reply reply = replies.getOrDefault(line, new Reply(127, "", "not in the test table: " + line + "\n", false));
            Thread answer = new Thread(() -> {
                try {
                    out.write(reply.stdout().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    err.write(reply.stderr().getBytes(StandardCharsets.UTF_8));
                    err.flush();
                    if (reply.hang()) {
                        destroyed.await();
                        return;
                    }
                    exit.onExit(reply.exitCode());
                } catch (IOException | InterruptedException e) {
                    exit.onExit(255);
                }
            }, "fake-sshd-command");
            answer.setDaemon(true);
            answer.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
            destroyed.countDown();
        }
    }
}
