package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.launcher.Stack;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSH targets end to end: an admin registers a target, the agent syncs it on its heartbeat, and
 * ssh.* commands go control plane -> agent -> a real SSH/SFTP server in this JVM (Apache MINA
 * SSHD, real key exchange, pinned host key) -> back. The server never runs a shell: it records
 * the exact command lines it receives and answers from a table.
 */
@ExtendWith(SharedStack.class)
@Order(8)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshCommandsIT {
    private static final String USER = "corral";
    private static final String KEY_REF = "ssh-it-key";
    private static final String UPTIME = " 10:00:00 up 3 days,  1 user,  load average: 0.00, 0.01, 0.05\n";
    private static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled", "expired");

    private static Stack stack;
    private static Api admin;
    private static Path serverRoot;
    private static SshServer sshd;
    private static KeyPair hostKey;
    private static KeyPair clientKey;
    private static final List<String> received = new CopyOnWriteArrayList<>();
    private static final List<String> registered = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
        serverRoot = Files.createTempDirectory("corral-ssh-it-");
        Files.createDirectories(serverRoot.resolve("etc/corral"));
        hostKey = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        clientKey = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPublickeyAuthenticator((user, key, session) ->
                USER.equals(user) && KeyUtils.compareKeys(key, clientKey.getPublic()));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(serverRoot));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setCommandFactory((channel, command) -> new RecordingCommand(command));
        sshd.start();

        // The agent resolves keyRef to <agent data dir>/keys/<keyRef>; the key itself never travels.
        Path keyDir = stack.dataDir().resolve("agent").resolve("keys");
        Files.createDirectories(keyDir);
        Path keyFile = keyDir.resolve(KEY_REF);
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "corral-it", null, key);
        Files.write(keyFile, key.toByteArray());
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

        Await.until("agent online advertising the ssh.* executors", Duration.ofSeconds(60),
                () -> admin.get("/agents/" + stack.agentId()).json(),
                a -> "online".equals(a.path("status").asText())
                        && capabilities(a).containsAll(List.of("ssh.status", "ssh.exec", "ssh.read-config",
                        "ssh.write-config", "targets.list")));
    }

    @AfterAll
    static void stop() throws Exception {
        // Leave the shared stack as we found it: no targets, so later classes see none configured.
        for (String name : registered) {
            admin.send("DELETE", "/agents/" + stack.agentId() + "/targets/" + name, null, null);
        }
        if (!registered.isEmpty()) {
            Await.until("agent's targets file emptied", Duration.ofSeconds(30), SshCommandsIT::targetsFile,
                    t -> registered.stream().noneMatch(t::contains));
        }
        if (sshd != null) {
            sshd.stop(true);
        }
        Files.deleteIfExists(stack.dataDir().resolve("agent").resolve("keys").resolve(KEY_REF));
        if (serverRoot != null) {
            try (Stream<Path> files = Files.walk(serverRoot)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void aRegisteredTargetIsSyncedToTheAgentAndReachable() {
        register("ssh-web", hostKeyLine(hostKey));

        JsonNode status = run("ssh.status", "{\"target\":\"ssh-web\"}");
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("succeeded");
        JsonNode result = status.path("result");
        assertThat(result.path("configured").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.path("connected").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.path("code").isNull() || result.path("code").isMissingNode()).as(result.toString()).isTrue();
        assertThat(received).as("a status check runs nothing").isEmpty();

        JsonNode targets = run("targets.list", "{}");
        assertThat(targets.path("status").asText()).as(targets.toString()).isEqualTo("succeeded");
        JsonNode web = null;
        for (JsonNode t : targets.path("result").path("targets")) {
            if (t.path("vmid").asInt() == 100 && "pve1".equals(t.path("node").asText())) {
                web = t;
            } else {
                assertThat(t.path("sshConfigured").asBoolean()).as(t.toString()).isFalse();
            }
        }
        assertThat(web).as(targets.toString()).isNotNull();
        assertThat(web.path("sshConfigured").asBoolean()).as(web.toString()).isTrue();
    }

    @Test
    @Order(2)
    void onlyAllowListedCommandsReachTheServer() {
        registerOnce("ssh-web", hostKeyLine(hostKey));
        received.clear();

        JsonNode uptime = run("ssh.exec", "{\"target\":\"ssh-web\",\"command\":\"uptime\"}");
        assertThat(uptime.path("status").asText()).as(uptime.toString()).isEqualTo("succeeded");
        assertThat(uptime.path("result").path("exitCode").asInt(-1)).isZero();
        assertThat(uptime.path("result").path("stdout").asText()).isEqualTo(UPTIME);
        assertThat(uptime.path("result").path("stderr").asText()).isEmpty();
        assertThat(received).as("the exact command line the server received").containsExactly("'uptime'");

        JsonNode forbidden = run("ssh.exec", "{\"target\":\"ssh-web\",\"command\":\"rm-everything\"}");
        assertThat(forbidden.path("status").asText()).as(forbidden.toString()).isEqualTo("failed");
        assertThat(forbidden.path("error").path("code").asText()).isEqualTo("SSH_COMMAND_FORBIDDEN");
        assertThat(received).as("nothing new reached the server").containsExactly("'uptime'");
    }

    @Test
    @Order(3)
    void configFilesRoundTripOverSftpWithABackup() throws Exception {
        registerOnce("ssh-web", hostKeyLine(hostKey));
        Path file = serverRoot.resolve("etc/corral/app.conf");
        Files.writeString(file, "port = 8080\n");
        received.clear();

        JsonNode before = run("ssh.read-config", "{\"target\":\"ssh-web\",\"path\":\"/etc/corral/app.conf\"}");
        assertThat(before.path("status").asText()).as(before.toString()).isEqualTo("succeeded");
        assertThat(before.path("result").path("content").asText()).isEqualTo("port = 8080\n");
        String oldSha = before.path("result").path("sha256").asText();
        assertThat(oldSha).isEqualTo(sha256("port = 8080\n"));

        String content = "port = 9090\nname = \"édition\"\n";
        ObjectNode write = Api.JSON.createObjectNode().put("target", "ssh-web").put("path", "/etc/corral/app.conf")
                .put("content", content).put("expectedSha256", oldSha);
        JsonNode written = run("ssh.write-config", write.toString());
        assertThat(written.path("status").asText()).as(written.toString()).isEqualTo("succeeded");
        assertThat(written.path("result").path("sha256").asText()).isEqualTo(sha256(content));
        assertThat(written.path("result").path("backup").asText()).isEqualTo("/etc/corral/app.corral-bak.conf");

        JsonNode after = run("ssh.read-config", "{\"target\":\"ssh-web\",\"path\":\"/etc/corral/app.conf\"}");
        assertThat(after.path("status").asText()).as(after.toString()).isEqualTo("succeeded");
        assertThat(after.path("result").path("content").asText()).isEqualTo(content);
        assertThat(after.path("result").path("sha256").asText()).isEqualTo(sha256(content));

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(content);
        assertThat(Files.readString(serverRoot.resolve("etc/corral/app.corral-bak.conf"))).isEqualTo("port = 8080\n");
        assertThat(received).as("config files travel over SFTP, not through a shell").isEmpty();
    }

    @Test
    @Order(4)
    void aWrongPinnedHostKeyIsRefusedBeforeAnythingRuns() throws Exception {
        KeyPair impostor = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        register("ssh-pinned-wrong", hostKeyLine(impostor));
        received.clear();

        JsonNode exec = run("ssh.exec", "{\"target\":\"ssh-pinned-wrong\",\"command\":\"uptime\"}");
        assertThat(exec.path("status").asText()).as(exec.toString()).isEqualTo("failed");
        assertThat(exec.path("error").path("code").asText()).isEqualTo("SSH_HOST_KEY_MISMATCH");
        assertThat(received).as("nothing executed on a server we could not authenticate").isEmpty();
    }

    @Test
    @Order(5)
    void metadataAddressesAreRefusedAtRegistration() {
        Api.Reply r = admin.post("/agents/" + stack.agentId() + "/targets",
                target("ssh-imds", "169.254.169.254", 22, hostKeyLine(hostKey)));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().path("code").asText()).isEqualTo("TARGET_FORBIDDEN");
        JsonNode listed = admin.get("/agents/" + stack.agentId() + "/targets").json();
        assertThat(listed.toString()).doesNotContain("ssh-imds").doesNotContain("169.254.169.254");
    }

    @Test
    @Order(6)
    void missingUnreachableAndRefusedTargetsGetTheirCodes() throws Exception {
        JsonNode probe = run("ssh.test", "{\"target\":\"nobody\"}");
        assertThat(probe.path("status").asText()).as(probe.toString()).isEqualTo("succeeded");
        assertThat(probe.path("result").path("code").asText()).isEqualTo("SSH_REQUIRED");
        JsonNode required = run("ssh.exec", "{\"target\":\"nobody\",\"command\":\"uptime\"}");
        assertThat(required.path("error").path("code").asText()).isEqualTo("SSH_REQUIRED");

        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        registerRaw("ssh-closed", "127.0.0.1", closedPort, USER);
        JsonNode unreachable = run("ssh.exec", "{\"target\":\"ssh-closed\",\"command\":\"uptime\"}");
        assertThat(unreachable.path("error").path("code").asText()).as(unreachable.toString())
                .isEqualTo("SSH_UNREACHABLE");

        registerRaw("ssh-stranger", "127.0.0.1", sshd.getPort(), "stranger");
        received.clear();
        JsonNode refused = run("ssh.exec", "{\"target\":\"ssh-stranger\",\"command\":\"uptime\"}");
        assertThat(refused.path("error").path("code").asText()).as(refused.toString()).isEqualTo("SSH_AUTH_FAILED");
        assertThat(received).isEmpty();
    }

    @Test
    @Order(7)
    void aKeyRefTheAgentDoesNotHoldIsRefusedByTheAgent() throws Exception {
        // ".." passes the control plane's name rule; the agent checks it against its own key directory.
        for (String keyRef : new String[] {"..", "no-such-key"}) {
            String name = "ssh-key-" + (keyRef.equals("..") ? "up" : "missing");
            ObjectNode t = Api.JSON.createObjectNode().put("name", name).put("host", "127.0.0.1")
                    .put("port", sshd.getPort()).put("user", USER).put("keyRef", keyRef)
                    .put("hostKey", hostKeyLine(hostKey));
            Api.Reply r = admin.post("/agents/" + stack.agentId() + "/targets", t.toString());
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            registered.add(name);
            Await.until("target " + name + " synced to the agent", Duration.ofSeconds(30), SshCommandsIT::targetsFile,
                    f -> f.contains("\"" + name + "\""));
            received.clear();

            JsonNode refused = run("ssh.exec", "{\"target\":\"" + name + "\",\"command\":\"uptime\"}");

            assertThat(refused.path("error").path("code").asText()).as(refused.toString()).isEqualTo("SSH_KEY_FORBIDDEN");
            assertThat(received).isEmpty();
        }
    }

    // --- helpers ---

    private static void registerRaw(String name, String host, int port, String user) {
        ObjectNode t = Api.JSON.createObjectNode().put("name", name).put("host", host).put("port", port)
                .put("user", user).put("keyRef", KEY_REF).put("hostKey", hostKeyLine(hostKey));
        Api.Reply r = admin.post("/agents/" + stack.agentId() + "/targets", t.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        registered.add(name);
        Await.until("target " + name + " synced to the agent", Duration.ofSeconds(30), SshCommandsIT::targetsFile,
                f -> f.contains("\"" + name + "\""));
    }

    private static void register(String name, String hostKeyLine) {
        Api.Reply r = admin.post("/agents/" + stack.agentId() + "/targets",
                target(name, "127.0.0.1", sshd.getPort(), hostKeyLine));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        registered.add(name);
        // The agent learns of the new targets version on its next heartbeat and rewrites its file.
        Await.until("target " + name + " synced to the agent", Duration.ofSeconds(30), SshCommandsIT::targetsFile,
                t -> t.contains("\"" + name + "\""));
    }

    /** Lets each test run alone (-Dit.test=SshCommandsIT#method) as well as in order. */
    private static void registerOnce(String name, String hostKeyLine) {
        if (!registered.contains(name)) {
            register(name, hostKeyLine);
        }
    }

    private static String target(String name, String host, int port, String hostKeyLine) {
        ObjectNode t = Api.JSON.createObjectNode().put("name", name).put("host", host).put("port", port)
                .put("user", USER).put("keyRef", KEY_REF).put("hostKey", hostKeyLine).put("node", "pve1")
                .put("vmid", 100);
        return t.toString();
    }

    private static JsonNode run(String type, String payload) {
        Api.Reply r = admin.post("/commands", "{\"agent\":\"" + stack.agentId() + "\",\"type\":\"" + type
                + "\",\"payload\":" + payload + "}");
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        String id = r.json().path("id").asText();
        return Await.until("command " + id + " (" + type + ") final", Duration.ofSeconds(60),
                () -> admin.get("/commands/" + id + "?wait=20").json(),
                c -> FINAL.contains(c.path("status").asText()));
    }

    private static String targetsFile() {
        Path file = stack.dataDir().resolve("agent").resolve("ssh-targets.json");
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> capabilities(JsonNode agent) {
        List<String> out = new java.util.ArrayList<>();
        agent.path("capabilities").forEach(c -> out.add(c.asText()));
        return out;
    }

    private static String hostKeyLine(KeyPair key) {
        return PublicKeyEntry.toString(key.getPublic());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the command line and answers from a fixed table; never runs a shell. */
    private static final class RecordingCommand implements Command {
        private final String line;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        RecordingCommand(String line) {
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
            boolean known = "'uptime'".equals(line);
            Thread answer = new Thread(() -> {
                try {
                    out.write((known ? UPTIME : "").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    err.write((known ? "" : "not in the test table: " + line + "\n").getBytes(StandardCharsets.UTF_8));
                    err.flush();
                    exit.onExit(known ? 0 : 127);
                } catch (IOException e) {
                    exit.onExit(255);
                }
            }, "ssh-it-command");
            answer.setDaemon(true);
            answer.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
