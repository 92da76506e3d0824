package io.corral.agent.control;

import io.corral.agent.platform.HttpExchanges;
import io.corral.agent.platform.HttpFailures;
import io.corral.agent.platform.JsonBodies;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Client for the control plane's agent API ({@code /api/v1/agent/…}), authenticated with this
 * agent's bearer token. Thread-safe. Heartbeats, command polls, progress and results.
 */
public class ControlPlaneClient {

    private final ControlPlaneSettings settings;
    private final HttpClient http;

    public ControlPlaneClient(ControlPlaneSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public ControlPlaneSettings settings() {
        return settings;
    }

    /**
     * POSTs a JSON body to a path below the base URL, e.g. {@code /api/v1/agent/heartbeat}.
     * Any HTTP answer is returned (check {@link ControlPlaneResponse#isSuccess()}); only a
     * missing answer throws.
     */
    public ControlPlaneResponse post(String path, JsonObject body) throws ControlPlaneException {
        return send(request(path, settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    }

    /**
     * GETs a path (with its encoded query) with its own request timeout, e.g. a long-poll that
     * the server holds for longer than the usual timeout. {@code 204} has a null body.
     */
    public ControlPlaneResponse get(String path, Duration timeout) throws ControlPlaneException {
        return send(request(path, timeout).GET().build());
    }

    private ControlPlaneResponse send(HttpRequest request) throws ControlPlaneException {
        try {
            HttpResponse<String> response = HttpExchanges.send(http, request,
                    request.timeout().orElse(settings.timeout()));
            return new ControlPlaneResponse(response.statusCode(), JsonBodies.parseObject(response.body()));
        } catch (IOException e) {
            throw new ControlPlaneException(HttpFailures.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlPlaneException("interrupted", e);
        }
    }

    private HttpRequest.Builder request(String path, Duration timeout) throws ControlPlaneException {
        if (!settings.hasToken()) {
            throw new ControlPlaneException("CORRAL_AGENT_TOKEN is not set");
        }
        try {
            URI uri = URI.create(settings.baseUrl() + path);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Accept", "application/json")
                    .header("Authorization", "Bearer " + settings.token().trim());
        } catch (IllegalArgumentException e) {
            // Don't echo the message: for a bad header value it could quote the token.
            throw new ControlPlaneException("cannot build a request for " + path
                    + " (check CORRAL_AGENT_CONTROL_URL and CORRAL_AGENT_TOKEN)");
        }
    }
}
