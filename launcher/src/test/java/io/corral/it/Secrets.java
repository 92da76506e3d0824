package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * What the suite must never see leak: every secret the harness creates or receives (tokens, passwords,
 * stored credentials' values, relay tickets, stack secrets), every API response the harness receives and
 * the log directory of every stack it starts, recorded under {@code corral.secretsDir} (one directory per
 * {@code mvn verify}) for {@link SecretsScanIT}, which runs after all other integration tests.
 * A secret's issuing response (the one-time answer that hands it out) is recorded with it and is the only
 * response allowed to hold it.
 */
final class Secrets {
    /** Secrets shorter than this would match by chance (a value like "x" in a credential object). */
    static final int MIN_LENGTH = 8;
    static final String SECRETS = "secrets.tsv";
    static final String RESPONSES = "responses.tsv";
    static final String LOG_DIRS = "log-dirs.txt";
    private static final AtomicLong RESPONSE_IDS = new AtomicLong();
    private static final String RUN = Long.toString(ProcessHandle.current().pid());

    /**
     * The responses that hand a secret out, by method and path (relative to {@code /api}) and the fields that
     * hold it; a secret found in any other response is a leak.
     */
    private static final List<Issuer> ISSUERS = List.of(
            new Issuer("POST", "v1/tokens", List.of("token")),
            new Issuer("POST", "v1/agents", List.of("token")),
            new Issuer("POST", "v1/agents/[^/]+/token", List.of("token")),
            new Issuer("POST", "v1/vms/[^/]+/token", List.of("token")),
            new Issuer("POST", "v1/vms/[^/]+/desktop", List.of("ticket")),
            new Issuer("POST", "auth/start", List.of("helperToken")),
            new Issuer("POST", "v1/credentials/[^/]+/reveal", List.of("credentials")));

    private Secrets() {
    }

    static Path dir() {
        String dir = System.getProperty("corral.secretsDir");
        return dir == null ? null : Path.of(dir);
    }

    /** A secret that no response or log may hold (outside its issuing response, if any). */
    static void secret(String kind, String value) {
        secret(kind, value, null);
    }

    private static void secret(String kind, String value, String issuingResponse) {
        if (value == null || value.length() < MIN_LENGTH) {
            return;
        }
        append(SECRETS, kind + '\t' + (issuingResponse == null ? "-" : issuingResponse) + '\t' + escape(value));
    }

    /** The logs of one stack, scanned when the suite ends. */
    static void logDir(Path dir) {
        append(LOG_DIRS, dir.toAbsolutePath().toString());
    }

    /**
     * Records one request and its response: secrets in the request (passwords, credentials' values), the
     * secrets an issuing response hands out, and the response body itself.
     */
    static void exchange(String method, String path, String requestBody, int status, String responseBody) {
        if (dir() == null) {
            return;
        }
        String id = RUN + "-" + RESPONSE_IDS.incrementAndGet();
        String apiPath = path.replaceFirst("^.*?/api/", "").replaceFirst("\\?.*$", "");
        if (requestBody != null && status < 300 && requestBody.startsWith("{")) {
            JsonNode sent = parse(requestBody);
            if (sent != null && sent.path("password").isTextual()) {
                secret("password", sent.path("password").asText());
            }
            if (sent != null && sent.path("credentials").isObject()) {
                leaves(sent.path("credentials"), "credential value", null);
            }
        }
        if (status < 300 && responseBody != null) {
            for (Issuer issuer : ISSUERS) {
                if (issuer.method.equals(method) && issuer.path.matcher(apiPath).matches()) {
                    JsonNode answer = parse(responseBody);
                    for (String field : issuer.fields) {
                        if (answer != null) {
                            leaves(answer.path(field), field, id);
                        }
                    }
                }
            }
        }
        append(RESPONSES, id + '\t' + method + '\t' + apiPath + '\t' + status + '\t' + escape(responseBody == null ? "" : responseBody));
    }

    private static void leaves(JsonNode node, String kind, String issuingResponse) {
        if (node.isTextual()) {
            secret(kind, node.asText(), issuingResponse);
        } else if (node.isContainerNode()) {
            node.forEach(child -> leaves(child, kind, issuingResponse));
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Api.JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static synchronized void append(String file, String line) {
        Path dir = dir();
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(file), line + '\n', StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Issuer(String method, Pattern path, List<String> fields) {
        Issuer(String method, String path, List<String> fields) {
            this(method, Pattern.compile(path), fields);
        }
    }
}
