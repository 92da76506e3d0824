package io.corral.agent.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.corral.agent.executor.CancellationFlag;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.ExecutorRegistry;
import io.corral.agent.executor.ProgressReporter;
import io.corral.agent.pve.PveGuest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ssh.* executors against a real in-process SSH/SFTP server (Apache MINA SSHD). */
class SshExecutorsTest {

    private static final String COMMANDS = """
            {"restart-service":{"argv":["systemctl","restart","{service}"],
                                "args":{"service":{"type":"enum","values":["nginx","corral-helper"]}}},
             "tail-log":{"argv":["tail","-n","{lines}","/var/log/syslog"],
                         "args":{"lines":{"type":"int","min":1,"max":1000}}},
             "greet":{"argv":["echo","--name={who}"],
                      "args":{"who":{"type":"string","pattern":"[A-Za-z' \\";$()]{1,40}"}}},
             "slow":{"argv":["sleep","600"]}}
            """;

    @TempDir
    static Path serverRoot;
    private static FakeSshServer server;
    private static Path clientKeyFile;

    @TempDir
    Path agentDir;
    private SshAccess access;
    private ExecutorRegistry executors;

    @BeforeAll
    static void startServer() throws Exception {
        server = new FakeSshServer(serverRoot);
        clientKeyFile = FakeSshServer.writePrivateKey(server.clientKey, Files.createTempFile("corral-client", ".key"));
        server.replies.put("'uptime'", FakeSshServer.Reply.of(0, " 10:00:00 up 3 days,  1 user,  load average: 0.00\n"));
        server.replies.put("'systemctl' 'restart' 'nginx'", new FakeSshServer.Reply(1, "", "Job failed\n", false));
        server.replies.put("'sleep' '600'", new FakeSshServer.Reply(0, "", "", true));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        Files.deleteIfExists(clientKeyFile);
    }

    @BeforeEach
    void configure() throws Exception {
        server.received.clear();
        Files.createDirectories(serverRoot.resolve("etc/corral"));
        writeTargets(target("web-1", "127.0.0.1", server.port(), clientKeyFile, server.hostKeyLine()));
        Files.writeString(agentDir.resolve("commands.json"), COMMANDS);
        access = access(true, Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        access.close();
    }

    private SshAccess access(boolean allowLoopback, Duration execTimeout) {
        SshSettings settings = new SshSettings(agentDir.resolve("ssh-targets.json"), agentDir.resolve("commands.json"),
                SshSettings.DEFAULT_CONFIG_PATHS, allowLoopback, Duration.ofSeconds(3), execTimeout);
        SshAccess created = new SshAccess(settings);
        executors = new ExecutorRegistry(created.executors());
        return created;
    }

    private static String target(String name, String host, int port, Path keyFile, String hostKey) {
        return Json.createObjectBuilder().add("name", name).add("host", host).add("port", port)
                .add("user", FakeSshServer.USER).add("privateKeyFile", keyFile.toString()).add("hostKey", hostKey)
                .add("vmid", 100).add("node", "pve1").build().toString();
    }

    private void writeTargets(String... targets) throws Exception {
        Files.writeString(agentDir.resolve("ssh-targets.json"), "[" + String.join(",", targets) + "]");
    }

    private JsonObject run(String type, String payload) throws CommandFailure {
        return run(type, payload, new CancellationFlag());
    }

    private JsonObject run(String type, String payload, CancellationFlag cancel) throws CommandFailure {
        CommandExecutor executor = executors.find(type).orElseThrow();
        return executor.execute(new CommandContext("c-1", json(payload), ProgressReporter.NONE, cancel));
    }

    private CommandFailure failure(String type, String payload) {
        return catchThrowableOfType(CommandFailure.class, () -> run(type, payload));
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static String otherHostKey() throws Exception {
        return PublicKeyEntry.toString(KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256).getPublic());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void advertisesTheSshTypes() {
        assertThat(executors.types()).containsExactly("ssh.exec", "ssh.read-config", "ssh.status", "ssh.test",
                "ssh.write-config");
    }

    @Test
    void statusConnectsWithThePinnedHostKey() throws Exception {
        JsonObject status = run("ssh.status", "{\"target\":\"web-1\"}");

        assertThat(status.getBoolean("configured")).isTrue();
        assertThat(status.getBoolean("connected")).isTrue();
        assertThat(status.isNull("code")).isTrue();
        assertThat(status.getString("serverVersion")).startsWith("SSH-2.0-");
        assertThat(status.getJsonNumber("latencyMs").longValue()).isNotNegative();
        assertThat(run("ssh.test", "{\"vmid\":100}").getBoolean("connected")).isTrue();
    }

    @Test
    void statusReportsAMissingTarget() throws Exception {
        JsonObject status = run("ssh.status", "{\"target\":\"db-9\"}");

        assertThat(status.getBoolean("configured")).isFalse();
        assertThat(status.getBoolean("connected")).isFalse();
        assertThat(status.getString("code")).isEqualTo("SSH_REQUIRED");
        assertThat(failure("ssh.exec", "{\"target\":\"db-9\",\"command\":\"uptime\"}").code()).isEqualTo("SSH_REQUIRED");
    }

    @Test
    void wrongClientKeyIsAnAuthFailure() throws Exception {
        KeyPair stranger = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        Path strangerKey = FakeSshServer.writePrivateKey(stranger, agentDir.resolve("stranger.key"));
        writeTargets(target("web-1", "127.0.0.1", server.port(), strangerKey, server.hostKeyLine()));

        JsonObject status = run("ssh.status", "{\"target\":\"web-1\"}");

        assertThat(status.getBoolean("configured")).isTrue();
        assertThat(status.getBoolean("connected")).isFalse();
        assertThat(status.getString("code")).isEqualTo("SSH_AUTH_FAILED");
        assertThat(failure("ssh.exec", "{\"target\":\"web-1\",\"command\":\"uptime\"}").code()).isEqualTo("SSH_AUTH_FAILED");
        assertThat(server.received).isEmpty();
    }

    @Test
    void closedPortIsUnreachable() throws Exception {
        writeTargets(target("web-1", "127.0.0.1", closedPort(), clientKeyFile, server.hostKeyLine()));

        JsonObject status = run("ssh.status", "{\"target\":\"web-1\"}");

        assertThat(status.getString("code")).isEqualTo("SSH_UNREACHABLE");
        assertThat(status.getBoolean("connected")).isFalse();
        assertThat(failure("ssh.read-config", "{\"target\":\"web-1\",\"path\":\"/etc/corral/a.conf\"}").code())
                .isEqualTo("SSH_UNREACHABLE");
    }

    @Test
    void anotherHostKeyIsRefusedBeforeAnythingRuns() throws Exception {
        writeTargets(target("web-1", "127.0.0.1", server.port(), clientKeyFile, otherHostKey()));
        Files.writeString(serverRoot.resolve("etc/corral/app.conf"), "old\n");

        assertThat(run("ssh.status", "{\"target\":\"web-1\"}").getString("code")).isEqualTo("SSH_HOST_KEY_MISMATCH");
        assertThat(failure("ssh.exec", "{\"target\":\"web-1\",\"command\":\"uptime\"}").code())
                .isEqualTo("SSH_HOST_KEY_MISMATCH");
        assertThat(failure("ssh.write-config", "{\"target\":\"web-1\",\"path\":\"/etc/corral/app.conf\",\"content\":\"x\"}")
                .code()).isEqualTo("SSH_HOST_KEY_MISMATCH");

        assertThat(server.received).isEmpty();
        assertThat(Files.readString(serverRoot.resolve("etc/corral/app.conf"))).isEqualTo("old\n");
    }

    @Test
    void execRunsATemplateWithQuotedArguments() throws Exception {
        JsonObject result = run("ssh.exec", "{\"target\":\"web-1\",\"command\":\"uptime\"}");

        assertThat(result.getInt("exitCode")).isZero();
        assertThat(result.getString("stdout")).contains("up 3 days");
        assertThat(result.getString("stderr")).isEmpty();
        assertThat(result.getBoolean("stdoutTruncated")).isFalse();
        assertThat(server.received).containsExactly("'uptime'");
    }

    @Test
    void nonZeroExitIsAResultNotAFailure() throws Exception {
        JsonObject result = run("ssh.exec",
                "{\"target\":\"web-1\",\"command\":\"restart-service\",\"args\":{\"service\":\"nginx\"}}");

        assertThat(result.getInt("exitCode")).isEqualTo(1);
        assertThat(result.getString("stderr")).isEqualTo("Job failed\n");
        assertThat(server.received).containsExactly("'systemctl' 'restart' 'nginx'");
    }

    @Test
    void forbiddenCommandsNeverReachTheServer() {
        List<String> payloads = List.of(
                "{\"target\":\"web-1\",\"command\":\"rm -rf /\"}",
                "{\"target\":\"web-1\",\"command\":\"reboot\"}",
                "{\"target\":\"web-1\",\"command\":\"restart-service\",\"args\":{\"service\":\"nginx; rm -rf /\"}}",
                "{\"target\":\"web-1\",\"command\":\"restart-service\",\"args\":{\"service\":\"sshd\"}}",
                "{\"target\":\"web-1\",\"command\":\"restart-service\"}",
                "{\"target\":\"web-1\",\"command\":\"restart-service\",\"args\":{\"service\":\"nginx\",\"extra\":\"x\"}}",
                "{\"target\":\"web-1\",\"command\":\"tail-log\",\"args\":{\"lines\":\"10; reboot\"}}",
                "{\"target\":\"web-1\",\"command\":\"tail-log\",\"args\":{\"lines\":100000}}",
                "{\"target\":\"web-1\",\"command\":\"tail-log\",\"args\":{\"lines\":1.5}}",
                "{\"target\":\"web-1\",\"command\":\"greet\",\"args\":{\"who\":\"a\\nb\"}}",
                "{\"target\":\"web-1\",\"command\":\"greet\",\"args\":{\"who\":\"x|y\"}}",
                "{\"target\":\"nowhere\",\"command\":\"reboot\"}");

        for (String payload : payloads) {
            assertThat(failure("ssh.exec", payload).code()).as(payload).isEqualTo("SSH_COMMAND_FORBIDDEN");
        }
        // Arguments that are not an object are a malformed payload, refused as such.
        assertThat(failure("ssh.exec", "{\"target\":\"web-1\",\"command\":\"uptime\",\"args\":[\"-p\"]}"))
                .satisfies(f -> assertThat(f.code()).isEqualTo("INVALID_PAYLOAD"))
                .hasMessage("payload.args: must be an object");
        assertThat(server.received).isEmpty();
    }

    @Test
    void quotesInAStringArgumentArriveLiterally() throws Exception {
        run("ssh.exec", "{\"target\":\"web-1\",\"command\":\"greet\",\"args\":{\"who\":\"O'Brien \\\"$(id)\\\";\"}}");

        assertThat(server.received).containsExactly("'echo' '--name=O'\\''Brien \"$(id)\";'");
    }

    @Test
    void execTimesOut() throws Exception {
        access.close();
        access = access(true, Duration.ofSeconds(1));

        CommandFailure failure = failure("ssh.exec", "{\"target\":\"web-1\",\"command\":\"slow\"}");

        assertThat(failure.code()).isEqualTo("SSH_TIMEOUT");
    }

    @Test
    void cancellationStopsARunningCommand() throws Exception {
        CancellationFlag cancel = new CancellationFlag();
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException ignored) {
                return;
            }
            cancel.set("cancelled by operator");
        });
        canceller.start();
        long started = System.nanoTime();

        CommandFailure failure = catchThrowableOfType(CommandFailure.class,
                () -> run("ssh.exec", "{\"target\":\"web-1\",\"command\":\"slow\"}", cancel));

        assertThat(failure.isCancellation()).isTrue();
        assertThat(failure.getMessage()).isEqualTo("cancelled by operator");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void readsAnAllowListedConfig() throws Exception {
        Files.writeString(serverRoot.resolve("etc/corral/app.conf"), "port = 8080\nname = \"é\"\n");

        JsonObject result = run("ssh.read-config", "{\"target\":\"web-1\",\"path\":\"/etc/corral/app.conf\"}");

        byte[] bytes = "port = 8080\nname = \"é\"\n".getBytes(StandardCharsets.UTF_8);
        assertThat(result.getString("path")).isEqualTo("/etc/corral/app.conf");
        assertThat(result.getString("content")).isEqualTo("port = 8080\nname = \"é\"\n");
        assertThat(result.getInt("size")).isEqualTo(bytes.length);
        assertThat(result.getString("sha256")).isEqualTo(Sha256.hex(bytes));
    }

    @Test
    void readingOtherPathsIsForbidden() throws Exception {
        Files.createDirectories(serverRoot.resolve("etc"));
        Files.writeString(serverRoot.resolve("etc/shadow"), "root:x\n");
        for (String path : List.of("/etc/shadow", "/etc/corral/../shadow", "/etc/corral/*.conf",
                "etc/corral/a.conf", "/etc/corral/sub/a.conf", "/etc/corral/a.conf.bak")) {
            CommandFailure failure = failure("ssh.read-config", Json.createObjectBuilder().add("target", "web-1")
                    .add("path", path).build().toString());
            assertThat(failure.code()).as(path).isEqualTo("SSH_COMMAND_FORBIDDEN");
        }
    }

    @Test
    void readingAMissingFileSaysSo() {
        assertThat(failure("ssh.read-config", "{\"target\":\"web-1\",\"path\":\"/etc/corral/none.conf\"}").code())
                .isEqualTo("SSH_FILE_NOT_FOUND");
    }

    @Test
    void writeReplacesTheFileAndKeepsABackup() throws Exception {
        Path file = serverRoot.resolve("etc/corral/app.conf");
        Files.writeString(file, "old\n");
        String oldSha = run("ssh.read-config", "{\"target\":\"web-1\",\"path\":\"/etc/corral/app.conf\"}").getString("sha256");

        JsonObject result = run("ssh.write-config", Json.createObjectBuilder().add("target", "web-1")
                .add("path", "/etc/corral/app.conf").add("content", "new\n").add("expectedSha256", oldSha)
                .build().toString());

        assertThat(result.getString("path")).isEqualTo("/etc/corral/app.conf");
        assertThat(result.getString("sha256")).isEqualTo(Sha256.hex("new\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(result.getString("backup")).isEqualTo("/etc/corral/app.corral-bak.conf");
        assertThat(Files.readString(file)).isEqualTo("new\n");
        assertThat(Files.readString(serverRoot.resolve("etc/corral/app.corral-bak.conf"))).isEqualTo("old\n");
        assertThat(serverRoot.resolve("etc/corral/app.corral-tmp.conf")).doesNotExist();
    }

    @Test
    void writeCreatesANewFileWithoutBackup() throws Exception {
        JsonObject result = run("ssh.write-config",
                "{\"target\":\"web-1\",\"path\":\"/etc/corral/fresh.json\",\"content\":\"{}\"}");

        assertThat(result.isNull("backup")).isTrue();
        assertThat(Files.readString(serverRoot.resolve("etc/corral/fresh.json"))).isEqualTo("{}");
    }

    @Test
    void writeWithAStaleHashIsAConflict() throws Exception {
        Path file = serverRoot.resolve("etc/corral/app.conf");
        Files.writeString(file, "changed by someone else\n");
        String staleSha = Sha256.hex("old\n".getBytes(StandardCharsets.UTF_8));

        CommandFailure failure = failure("ssh.write-config", Json.createObjectBuilder().add("target", "web-1")
                .add("path", "/etc/corral/app.conf").add("content", "new\n").add("expectedSha256", staleSha)
                .build().toString());

        assertThat(failure.code()).isEqualTo("SSH_CONFLICT");
        assertThat(Files.readString(file)).isEqualTo("changed by someone else\n");
        assertThat(failure("ssh.write-config", Json.createObjectBuilder().add("target", "web-1")
                .add("path", "/etc/corral/missing.conf").add("content", "x").add("expectedSha256", staleSha)
                .build().toString()).code()).isEqualTo("SSH_CONFLICT");
    }

    @Test
    void writingOtherPathsIsForbidden() throws Exception {
        assertThat(failure("ssh.write-config", "{\"target\":\"web-1\",\"path\":\"/root/.ssh/authorized_keys\","
                + "\"content\":\"ssh-ed25519 AAAA\"}").code()).isEqualTo("SSH_COMMAND_FORBIDDEN");
        assertThat(serverRoot.resolve("root")).doesNotExist();
    }

    @Test
    void loopbackTargetsAreRefusedUnlessAllowed() throws Exception {
        access.close();
        access = access(false, Duration.ofSeconds(5));

        JsonObject status = run("ssh.status", "{\"target\":\"web-1\"}");

        assertThat(status.getBoolean("configured")).isFalse();
        assertThat(status.getString("code")).isEqualTo("SSH_TARGET_FORBIDDEN");
        assertThat(failure("ssh.exec", "{\"target\":\"web-1\",\"command\":\"uptime\"}").code())
                .isEqualTo("SSH_TARGET_FORBIDDEN");
        assertThat(access.targets().isConfigured(guest(100, "pve1", "web-1"))).isFalse();
        assertThat(server.received).isEmpty();
    }

    @Test
    void metadataAddressesAreRefusedAtLoad() throws Exception {
        writeTargets(target("imds", "169.254.169.254", 22, clientKeyFile, server.hostKeyLine()),
                target("imds6", "fd00:ec2::254", 22, clientKeyFile, server.hostKeyLine()),
                target("ll6", "fe80::1", 22, clientKeyFile, server.hostKeyLine()));

        for (String name : List.of("imds", "imds6", "ll6")) {
            JsonObject status = run("ssh.status", "{\"target\":\"" + name + "\"}");
            assertThat(status.getString("code")).as(name).isEqualTo("SSH_TARGET_FORBIDDEN");
            assertThat(status.getBoolean("configured")).isFalse();
        }
    }

    @Test
    void theConnectorChecksTheAddressAgain() throws Exception {
        SshTarget sneaky = new SshTarget("sneaky", "169.254.169.254", 22, "corral", clientKeyFile, null,
                PinnedHostKey.parse(server.hostKeyLine()), null, null);
        SshConnector connector = new SshConnector(new SshAddressGuard(true), Duration.ofSeconds(3), new CancelWatch());

        CommandFailure failure = catchThrowableOfType(CommandFailure.class, () -> connector.open(sneaky,
                new CommandContext("c-1", json("{}"), ProgressReporter.NONE, new CancellationFlag())));

        assertThat(failure.code()).isEqualTo("SSH_TARGET_FORBIDDEN");
    }

    @Test
    void targetsListSeesConfiguredGuestsAndFileChanges() throws Exception {
        assertThat(access.targets().isConfigured(guest(100, "pve1", "other-name"))).isTrue();
        assertThat(access.targets().isConfigured(guest(101, "pve1", "web-1"))).isTrue();
        assertThat(access.targets().isConfigured(guest(102, "pve1", "db-1"))).isFalse();
        assertThat(access.targets().isConfigured(guest(100, "pve2", "x"))).isFalse();

        writeTargets(target("db-1", "127.0.0.1", server.port(), clientKeyFile, server.hostKeyLine()) + " ");

        assertThat(access.targets().isConfigured(guest(102, "pve1", "db-1"))).isTrue();
        assertThat(access.targets().isConfigured(guest(101, "pve1", "web-1"))).isFalse();
    }

    @Test
    void inlinePrivateKeysWork() throws Exception {
        String key = Files.readString(clientKeyFile);
        writeTargets(Json.createObjectBuilder().add("name", "web-1").add("host", "127.0.0.1").add("port", server.port())
                .add("user", "corral").add("privateKey", key).add("hostKey", server.hostKeyLine()).build().toString());

        assertThat(run("ssh.status", "{\"target\":\"web-1\"}").getBoolean("connected")).isTrue();
    }

    @Test
    void registryPlusKeepsTheOtherExecutors() {
        ExecutorRegistry standard = new ExecutorRegistry(List.of(new Named("targets.list")));

        assertThat(standard.plus(access.executors()).types()).contains("targets.list", "ssh.status", "ssh.exec");
    }

    private static PveGuest guest(int vmid, String node, String name) {
        return new PveGuest(node, vmid, "qemu", name, "running", false, 0, 1, 0, 0, 0, 0, 0, null);
    }

    private record Named(String type) implements CommandExecutor {
        @Override
        public JsonObject execute(CommandContext context) {
            return Json.createObjectBuilder(Map.of()).build();
        }
    }

    // ---- symbolic links and the files a write leaves ----

    private SshAccess accessWithPaths(String... globs) {
        access.close();
        access = new SshAccess(new SshSettings(agentDir.resolve("ssh-targets.json"), agentDir.resolve("commands.json"),
                List.of(globs), true, Duration.ofSeconds(3), Duration.ofSeconds(5)));
        executors = new ExecutorRegistry(access.executors());
        return access;
    }

    @Test
    void aSymlinkedDirectoryOnTheWayIsRefused() throws Exception {
        accessWithPaths("/srv/app/**/settings.json");
        Path elsewhere = Files.createDirectories(serverRoot.resolve("private"));
        Files.writeString(elsewhere.resolve("settings.json"), "{\"secret\":1}");
        Files.createDirectories(serverRoot.resolve("srv/app"));
        Path link = serverRoot.resolve("srv/app/live");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("../../private"));
        try {
            CommandFailure read = failure("ssh.read-config",
                    "{\"target\":\"web-1\",\"path\":\"/srv/app/live/settings.json\"}");
            CommandFailure write = failure("ssh.write-config",
                    "{\"target\":\"web-1\",\"path\":\"/srv/app/live/settings.json\",\"content\":\"{}\"}");

            assertThat(read).isNotNull();
            assertThat(read.code()).isEqualTo("SSH_COMMAND_FORBIDDEN");
            assertThat(read.getMessage()).contains("/srv/app/live").contains("symbolic link");
            assertThat(write).isNotNull();
            assertThat(write.code()).isEqualTo("SSH_COMMAND_FORBIDDEN");
            assertThat(Files.readString(elsewhere.resolve("settings.json"))).isEqualTo("{\"secret\":1}");
            try (var listing = Files.list(elsewhere)) {
                assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("settings.json");
            }
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void aWriteLeavesOnlyFilesTheGlobsAllow() throws Exception {
        Path dir = serverRoot.resolve("etc/corral");
        Files.writeString(dir.resolve("glob.conf"), "old\n");

        JsonObject result = run("ssh.write-config",
                "{\"target\":\"web-1\",\"path\":\"/etc/corral/glob.conf\",\"content\":\"new\\n\"}");

        ConfigPaths paths = new ConfigPaths(SshSettings.DEFAULT_CONFIG_PATHS);
        try (var listing = Files.list(dir)) {
            for (String name : listing.map(p -> p.getFileName().toString()).toList()) {
                paths.check("/etc/corral/" + name); // throws for a name outside the globs
            }
        }
        assertThat(Files.readString(dir.resolve("glob.conf"))).isEqualTo("new\n");
        String backup = result.getString("backup");
        assertThat(paths.check(backup)).isEqualTo(backup);
        assertThat(Files.readString(serverRoot.resolve(backup.substring(1)))).isEqualTo("old\n");
    }

    @Test
    void aWriteWhoseTempFileTheGlobsDoNotAllowIsRefused() throws Exception {
        accessWithPaths("/etc/corral/exact.conf");
        Path file = serverRoot.resolve("etc/corral/exact.conf");
        Files.writeString(file, "old\n");

        CommandFailure failure = failure("ssh.write-config",
                "{\"target\":\"web-1\",\"path\":\"/etc/corral/exact.conf\",\"content\":\"new\\n\"}");

        assertThat(failure).isNotNull();
        assertThat(failure.code()).isEqualTo("SSH_COMMAND_FORBIDDEN");
        assertThat(failure.getMessage()).contains("exact.corral-tmp.conf");
        assertThat(Files.readString(file)).isEqualTo("old\n");
        try (var listing = Files.list(serverRoot.resolve("etc/corral"))) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("exact.") && !n.equals("exact.conf"));
        }
    }
}
