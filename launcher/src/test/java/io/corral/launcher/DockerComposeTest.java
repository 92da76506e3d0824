package io.corral.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker/compose.yaml} as Docker Compose itself resolves it ({@code docker compose config},
 * else {@code docker-compose config}; no engine needed), and the load balancer's configuration as
 * HAProxy checks it. Without those tools the test fails: {@code ./corral test} installs them.
 */
class DockerComposeTest {

    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_LOOKUP = Pattern.compile("get(?:Optional)?Value\\(\\s*\"([^\"]+)\"");
    private static final Pattern GETENV = Pattern.compile("System\\.getenv\\(\\s*\"([^\"]+)\"");
    private static final Pattern README_ROW_NAME = Pattern.compile("`(CORRAL_[A-Z0-9_]+)`");

    /** Values given for the secrets: each must arrive unchanged where the compose file uses it. */
    private static final Map<String, String> SECRETS = Map.of(
            "CORRAL_DB_PASSWORD", "db-" + UUID.randomUUID(),
            "CORRAL_ADMIN_PASSWORD", "admin-" + UUID.randomUUID(),
            "CORRAL_BOOTSTRAP_TOKEN", java.util.HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(32)
                    .putLong(UUID.randomUUID().getMostSignificantBits()).putLong(UUID.randomUUID().getLeastSignificantBits())
                    .putLong(UUID.randomUUID().getMostSignificantBits()).putLong(UUID.randomUUID().getLeastSignificantBits())
                    .array()),
            "CORRAL_VAULT_KEYS", "1:" + UUID.randomUUID(),
            "CORRAL_AGENT_TOKEN", "agent-" + UUID.randomUUID(),
            "CORRAL_AGENT_PVE_TOKEN", "root@pam!corral=" + UUID.randomUUID());

    @TempDir
    static Path tmp;
    private static Map<String, Map<String, Object>> services;
    private static List<String> composeCommand;

    @BeforeAll
    static void resolveComposeFile() throws Exception {
        Result result = compose(SECRETS);
        assertThat(result.exit()).as("compose config failed:\n" + result.stderr()).isZero();
        Map<String, Object> config = new Yaml().load(result.stdout());
        services = cast(config.get("services"));
    }

    @Test
    void everySecretIsRequiredFromTheEnvironment() throws Exception {
        for (String secret : List.of("CORRAL_DB_PASSWORD", "CORRAL_ADMIN_PASSWORD", "CORRAL_BOOTSTRAP_TOKEN",
                "CORRAL_VAULT_KEYS", "CORRAL_AGENT_PVE_TOKEN")) {
            Map<String, String> without = new HashMap<>(SECRETS);
            without.remove(secret);
            Result result = compose(without);
            assertThat(result.exit()).as("compose config without " + secret).isNotZero();
            assertThat(result.stderr()).contains(secret);
        }
    }

    @Test
    void secretsReachTheServicesFromTheEnvironment() {
        for (String cp : List.of("cp1", "cp2")) {
            Map<String, String> env = environment(cp);
            for (String name : List.of("CORRAL_DB_PASSWORD", "CORRAL_ADMIN_PASSWORD", "CORRAL_BOOTSTRAP_TOKEN", "CORRAL_VAULT_KEYS")) {
                assertThat(env).as(cp).containsEntry(name, SECRETS.get(name));
            }
            assertThat(env.get("CORRAL_DB_URL")).as(cp).startsWith("jdbc:postgresql://postgres:5432/");
        }
        assertThat(environment("postgres")).containsEntry("POSTGRES_PASSWORD", SECRETS.get("CORRAL_DB_PASSWORD"));
        assertThat(environment("agent"))
                .containsEntry("CORRAL_AGENT_TOKEN", SECRETS.get("CORRAL_AGENT_TOKEN"))
                .containsEntry("CORRAL_AGENT_PVE_TOKEN", SECRETS.get("CORRAL_AGENT_PVE_TOKEN"))
                .containsEntry("CORRAL_AGENT_CONTROL_URL", "http://lb:8080")
                .containsEntry("CORRAL_AGENT_ALLOW_HTTP", "true");
        assertThat(strings(services.get("pve-sim").get("command"))).contains(SECRETS.get("CORRAL_AGENT_PVE_TOKEN"));
    }

    @Test
    void everyServiceHasAHealthCheck() {
        assertThat(services).containsKeys("postgres", "cp1", "cp2", "lb", "agent", "pve-sim");
        services.forEach((name, service) -> {
            Map<String, Object> health = cast(service.get("healthcheck"));
            assertThat(health).as(name + " healthcheck").isNotNull();
            assertThat(strings(health.get("test"))).as(name + " healthcheck test").isNotEmpty();
        });
        assertThat(String.join(" ", strings(healthTest("postgres")))).contains("pg_isready");
        assertThat(healthTest("cp1")).contains("/api/v1/health");
        assertThat(healthTest("cp2")).contains("/api/v1/health");
        assertThat(healthTest("lb")).contains("/api/v1/health");
        assertThat(healthTest("agent")).contains("/agent/api/health");
        assertThat(strings(services.get("postgres").get("volumes"))).anyMatch(v -> v.contains(":/var/lib/postgresql/data"));
    }

    @Test
    void controlPlaneInstancesJoinOneCluster() throws IOException {
        List<String> cp1 = strings(services.get("cp1").get("command"));
        List<String> cp2 = strings(services.get("cp2").get("command"));
        assertThat(cp1).doesNotContain("--nocluster");
        assertThat(DockerFiles.flagValue(cp1, "--clustermode")).isEqualTo(DockerFiles.flagValue(cp2, "--clustermode"))
                .hasValueSatisfying(mode -> assertThat(mode).startsWith("tcpip:").contains("cp1:", "cp2:"));
        assertThat(DockerFiles.flagValue(cp1, "--clustername")).isEqualTo(DockerFiles.flagValue(cp2, "--clustername")).isPresent();
        assertThat(DockerFiles.flagValue(cp1, "--name")).contains("cp1");
        assertThat(DockerFiles.flagValue(cp2, "--name")).contains("cp2");
        // The same settings but each instance's own name, which the balancer routes a relay's sockets by.
        assertThat(environment("cp1")).containsEntry("CORRAL_INSTANCE_NAME", "cp1");
        assertThat(environment("cp2")).containsEntry("CORRAL_INSTANCE_NAME", "cp2");
        Map<String, String> shared1 = new java.util.HashMap<>(environment("cp1"));
        Map<String, String> shared2 = new java.util.HashMap<>(environment("cp2"));
        shared1.remove("CORRAL_INSTANCE_NAME");
        shared2.remove("CORRAL_INSTANCE_NAME");
        assertThat(shared1).isEqualTo(shared2).containsAllEntriesOf(PayaraThreads.CONTROL_PLANE_ENV);
        String haproxy = Files.readString(DockerFiles.docker().resolve("lb/haproxy.cfg"));
        assertThat(haproxy).contains("use-server cp1 if { urlp(instance) -m str cp1 }",
                "use-server cp2 if { urlp(instance) -m str cp2 }");
    }

    @Test
    void everyVariableSetForCorralIsOneItReadsAndIsDocumented() throws IOException {
        Set<String> read = namesReadByTheApplications();
        assertThat(read).as("names found in the sources").contains("CORRAL_DB_URL", "CORRAL_AGENT_TOKEN");
        Set<String> documented = namesInReadmeTables();
        for (String service : List.of("cp1", "cp2", "agent")) {
            Set<String> unknown = new TreeSet<>(environment(service).keySet());
            unknown.removeAll(read);
            assertThat(unknown).as(service + ": variables no code of Corral reads").isEmpty();
            Set<String> undocumented = new TreeSet<>(environment(service).keySet());
            undocumented.removeAll(documented);
            assertThat(undocumented).as(service + ": variables missing from README's configuration tables").isEmpty();
        }
    }

    @Test
    void loadBalancerConfigurationIsValidAndFitsTheControlPlane() throws Exception {
        Path cfg = DockerFiles.docker().resolve("lb/haproxy.cfg");
        // Debian installs it in /usr/sbin, which a non-root PATH may lack.
        String haproxy = Files.isExecutable(Path.of("/usr/sbin/haproxy")) ? "/usr/sbin/haproxy" : "haproxy";
        Result check = run(List.of(haproxy, "-c", "-f", cfg.toString()), Map.of(),
                "HAProxy (apt-get install haproxy; ./corral test installs it)");
        assertThat(check.exit()).as("haproxy -c:\n" + check.stdout() + check.stderr()).isZero();
        String text = Files.readString(cfg);
        assertThat(text).contains("cookie JSESSIONID", "option httpchk GET /api/v1/health", "timeout tunnel");
        Matcher server = Pattern.compile("timeout server (\\d+)s").matcher(text);
        assertThat(server.find()).as("timeout server in seconds").isTrue();
        assertThat(Integer.parseInt(server.group(1))).as("outlasts a 60 s long-poll").isGreaterThan(60);
        for (String cp : List.of("cp1", "cp2")) {
            assertThat(text).containsPattern("server " + cp + " " + cp + ":8080 ");
        }
        assertThat(strings(services.get("lb").get("volumes"))).anyMatch(v -> v.endsWith("haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"));
    }

    private static Set<String> namesReadByTheApplications() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String dir : List.of("src/main/java", "agent-war/src/main/java")) {
            try (Stream<Path> files = Files.walk(DockerFiles.root().resolve(dir))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    for (Pattern p : List.of(CONFIG_PROPERTY, CONFIG_LOOKUP, GETENV)) {
                        p.matcher(source).results().map(m -> m.group(1)).forEach(names::add);
                    }
                }
            }
        }
        return names;
    }

    private static Set<String> namesInReadmeTables() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(DockerFiles.root().resolve("README.md"))) {
            if (line.startsWith("|")) {
                String firstCell = line.substring(1, Math.max(1, line.indexOf('|', 1)));
                README_ROW_NAME.matcher(firstCell).results().map(m -> m.group(1)).forEach(names::add);
            }
        }
        return names;
    }

    private static List<String> healthTest(String service) {
        Map<String, Object> health = cast(services.get(service).get("healthcheck"));
        return strings(health.get("test"));
    }

    private static Map<String, String> environment(String service) {
        Object env = services.get(service).get("environment");
        Map<String, String> result = new HashMap<>();
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(k.toString(), v == null ? "" : v.toString()));
        } else if (env instanceof List<?> list) {
            list.forEach(e -> {
                String s = e.toString();
                int eq = s.indexOf('=');
                result.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            });
        }
        return result;
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    private record Result(int exit, String stdout, String stderr) { }

    /** {@code compose config} on docker/compose.yaml with exactly {@code env} as the Corral settings. */
    private static Result compose(Map<String, String> env) throws IOException, InterruptedException {
        Path envFile = Files.writeString(tmp.resolve("empty.env"), "");
        List<String> command = new ArrayList<>(composeCommand());
        command.addAll(List.of("-f", DockerFiles.docker().resolve("compose.yaml").toString(),
                "--env-file", envFile.toString(), "--profile", "agent", "config"));
        return run(command, env, "Docker Compose");
    }

    private static List<String> composeCommand() throws InterruptedException {
        if (composeCommand == null) {
            composeCommand = findCompose();
        }
        return composeCommand;
    }

    private static List<String> findCompose() throws InterruptedException {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                if (run(version, Map.of(), "").exit() == 0) {
                    return candidate;
                }
            } catch (IOException notInstalled) {
                // try the next one
            }
        }
        return fail("no Docker Compose to validate docker/compose.yaml with: install the compose plugin or "
                + "docker-compose (apt-get install docker-compose; ./corral test installs it as root)");
    }

    private static Result run(List<String> command, Map<String, String> env, String tool)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(DockerFiles.root().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        // Only the given settings: none from the developer's shell, no docker/.env.
        builder.environment().keySet().removeIf(name -> name.startsWith("CORRAL_") || name.startsWith("COMPOSE_")
                || name.startsWith("PVE_SIM_"));
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            if (tool.isEmpty()) {
                throw e;
            }
            return fail(command.get(0) + " is not installed: " + tool + " is needed to check docker/", e);
        }
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 180 s");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
