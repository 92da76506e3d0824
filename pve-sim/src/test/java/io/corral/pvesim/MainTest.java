package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run as its own JVM the way an operator runs it. */
class MainTest {

    private static final Pattern LISTENING = Pattern.compile("pve-sim listening on (http://127\\.0\\.0\\.1:\\d+/api2/json)");

    @Test
    void startsOnAPortWithASeedFileAndAnswersVersion(@TempDir Path dir) throws Exception {
        Path seed = dir.resolve("seed.json");
        Files.writeString(seed, """
                {"nodes":[{"name":"lab1","maxcpu":4,"guests":[
                  {"vmid":300,"type":"qemu","name":"solo","status":"running","cores":2}]}]}
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                Main.class.getName(), "--http", "--port", "0", "--bind", "127.0.0.1", "--seed", seed.toString(),
                "--token", "root@pam!cli=abc123", "--user", "root@pam:pw", "--time-factor", "0.01",
                "--login-failure-delay-ms", "10"))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            String baseUrl = baseUrl(process);
            PveClient api = new PveClient(baseUrl).header("Authorization", "PVEAPIToken=root@pam!cli=abc123");

            PveClient.Reply version = api.get("/version");
            assertThat(version.status()).isEqualTo(200);
            assertThat(version.data().path("version").asText()).isEqualTo("8.2.4");
            assertThat(api.get("/cluster/resources?type=vm").data().get(0).path("name").asText()).isEqualTo("solo");
        } finally {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("simulator exits on SIGTERM").isTrue();
        }
    }

    @Test
    void httpsPrintsTheCertificateFingerprint() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", "0", "--https", "--token", "root@pam!cli=abc123"))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String listening = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
            String fingerprint = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
            assertThat(listening).matches("pve-sim listening on https://127\\.0\\.0\\.1:\\d+/api2/json");
            assertThat(fingerprint).matches("pve-sim certificate SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}");
            String url = listening.substring("pve-sim listening on ".length());
            PveClient api = new PveClient(url).header("Authorization", "PVEAPIToken=root@pam!cli=abc123")
                    .tls(HttpsTest.pinning(fingerprint.substring(fingerprint.lastIndexOf(' ') + 1)));
            assertThat(api.get("/version").status()).isEqualTo(200);
        } finally {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("simulator exits on SIGTERM").isTrue();
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rejectsUnknownOptions() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--colour", "blue")).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("unknown option --colour").contains("usage:");
    }

    private static String baseUrl(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(30, TimeUnit.SECONDS);
        assertThat(line).as("first line of stdout").isNotNull();
        Matcher m = LISTENING.matcher(line);
        assertThat(m.matches()).as("stdout line '%s'", line).isTrue();
        return m.group(1);
    }
}
