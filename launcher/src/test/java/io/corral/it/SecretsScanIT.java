package io.corral.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs after every other integration test (its own Failsafe execution, see launcher/pom.xml): scans every
 * log file of every stack the suite started and every API response the harness received for every secret
 * the suite created or was handed ({@link Secrets}). One hit fails the build; a secret's issuing response
 * (the one-time answer that hands it out) is the only place it may appear.
 */
class SecretsScanIT {

    @Test
    void noLogFileAndNoResponseHoldsASecret() throws IOException {
        Path dir = Secrets.dir();
        assertThat(dir).as("corral.secretsDir (set by launcher/pom.xml)").isNotNull();
        assertThat(dir.resolve(Secrets.LOG_DIRS)).as("the stacks' log directories were recorded: did the other "
                + "integration tests run in this build?").exists();
        Map<String, Secret> secrets = readSecrets(dir.resolve(Secrets.SECRETS));
        List<String> hits = new ArrayList<>();
        long files = 0;
        long bytes = 0;
        for (String logDir : new HashSet<>(Files.readAllLines(dir.resolve(Secrets.LOG_DIRS)))) {
            Path logs = Path.of(logDir);
            assertThat(logs).as("a recorded log directory").isDirectory();
            List<Path> logFiles;
            try (Stream<Path> walk = Files.walk(logs)) {
                logFiles = walk.filter(Files::isRegularFile).toList();
            }
            for (Path file : logFiles) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                files++;
                bytes += text.length();
                for (Secret s : secrets.values()) {
                    if (s.foundIn(text)) {
                        hits.add(s.describe() + " in " + file);
                    }
                }
            }
        }
        long responses = 0;
        Path responseFile = dir.resolve(Secrets.RESPONSES);
        if (Files.exists(responseFile)) {
            files++;
            bytes += Files.size(responseFile);
            try (Stream<String> lines = Files.lines(responseFile, StandardCharsets.UTF_8)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    String[] f = line.split("\t", 5);
                    String body = Secrets.unescape(f[4]);
                    responses++;
                    for (Secret s : secrets.values()) {
                        if (!s.issuedBy.contains(f[0]) && !s.handedOutBy(f[1], f[2]) && s.foundIn(body)) {
                            hits.add(s.describe() + " in the response to " + f[1] + " /api/" + f[2] + " (" + f[3] + ")");
                        }
                    }
                }
            }
        }
        System.out.printf("Secrets scan: %d files scanned (%d log files, 1 file of %d API responses), %,d bytes, "
                        + "%d secrets, %d hits%n", files, files - (Files.exists(responseFile) ? 1 : 0), responses,
                bytes, secrets.size(), hits.size());
        hits.forEach(h -> System.out.println("  HIT " + h));
        assertThat(secrets).as("secrets recorded").isNotEmpty();
        assertThat(hits).as("secrets found outside their issuing response").isEmpty();
    }

    private static Map<String, Secret> readSecrets(Path file) throws IOException {
        Map<String, Secret> secrets = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return secrets;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", 3);
            String value = Secrets.unescape(f[2]);
            Secret s = secrets.computeIfAbsent(value, v -> new Secret(f[0], v, new HashSet<>()));
            if (!f[1].equals("-")) {
                s.issuedBy.add(f[1]);
            }
        }
        return secrets;
    }

    private static final Pattern REVEAL = Pattern.compile("v1/credentials/[^/]+/reveal");

    /** A secret, the responses allowed to hold it, and the forms it would take in a log or a JSON body. */
    private record Secret(String kind, String value, Set<String> issuedBy) {
        boolean foundIn(String text) {
            return text.contains(value) || text.contains(value.replace("\\", "\\\\").replace("\"", "\\\""));
        }

        /**
         * A stored credential's value is handed out by every (audited) reveal of it, not only by the first,
         * and is sent in by the store or the session's completion: reveals may hold credential values.
         */
        boolean handedOutBy(String method, String apiPath) {
            return (kind.equals("credential value") || kind.equals("credentials")) && method.equals("POST")
                    && REVEAL.matcher(apiPath).matches();
        }

        /** Never the secret itself: its kind and length. */
        String describe() {
            return kind + " (" + value.length() + " chars, starts " + value.substring(0, 3) + "…)";
        }
    }
}
