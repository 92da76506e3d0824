package io.corral.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The few control-plane API calls the launcher needs, authenticated with the bootstrap API token. */
public final class ControlPlaneClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String apiToken;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public ControlPlaneClient(URI base, String apiToken) {
        this.base = base;
        this.apiToken = apiToken;
    }

    /** An agent's id and its (new) token. */
    public record AgentCredentials(String id, String token) {
    }

    /** Registers an agent; empty if the name is already taken (409 AGENT_EXISTS). */
    public Optional<AgentCredentials> registerAgent(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", "/api/v1/agents", Map.of("name", name));
        if (response.statusCode() == 409) {
            return Optional.empty();
        }
        JsonNode body = expect(response, 201, "register agent " + name);
        return Optional.of(new AgentCredentials(body.path("id").asText(), body.path("token").asText()));
    }

    public AgentCredentials rotateAgentToken(String agentId) throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", "/api/v1/agents/" + encode(agentId) + "/token", Map.of());
        JsonNode body = expect(response, 200, "rotate the token of agent " + agentId);
        return new AgentCredentials(body.path("id").asText(agentId), body.path("token").asText());
    }

    public Optional<JsonNode> findAgent(String field, String value) throws IOException, InterruptedException {
        JsonNode body = expect(send("GET", "/api/v1/agents", null), 200, "list agents");
        for (JsonNode agent : body.path("items")) {
            if (value.equals(agent.path(field).asText())) {
                return Optional.of(agent);
            }
        }
        return Optional.empty();
    }

    /** Polls the agent list until the agent shows {@code online}; false if it did not in time. */
    public boolean awaitAgentOnline(String agentId, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<JsonNode> agent = findAgent("id", agentId);
            if (agent.isPresent() && "online".equals(agent.get().path("status").asText())) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private HttpResponse<String> send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiToken)
                .header("Accept", "application/json");
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode expect(HttpResponse<String> response, int status, String what) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException("control plane refused to " + what + ": HTTP " + response.statusCode()
                    + " " + abbreviate(response.body()));
        }
        return JSON.readTree(response.body());
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
