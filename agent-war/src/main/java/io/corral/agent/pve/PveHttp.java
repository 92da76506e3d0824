package io.corral.agent.pve;

import io.corral.agent.platform.HttpExchanges;
import io.corral.agent.platform.HttpFailures;
import io.corral.agent.platform.JsonBodies;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The HTTP side of {@link PveClient}: one {@code java.net.http} client per Proxmox (pinned to the
 * configured fingerprint), requests with the API token, answers read as {@code {"data": …}} and
 * Proxmox's error texts turned into {@link PveException}s. Never puts the token in a message.
 */
final class PveHttp {

    private final PveSettings settings;
    private final HttpClient http;
    private final String configError;

    PveHttp(PveSettings settings) {
        this.settings = settings;
        HttpClient client = null;
        String error = null;
        try {
            String scheme = URI.create(settings.apiRoot()).getScheme();
            if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("CORRAL_AGENT_PVE_URL must start with https://");
            }
            client = newHttpClient(settings);
        } catch (IllegalArgumentException e) {
            error = "invalid Proxmox configuration: " + e.getMessage();
        } catch (GeneralSecurityException e) {
            error = "cannot set up TLS: " + e.getMessage();
        }
        this.http = client;
        // A bad URL or fingerprint must not break the deployment: every call reports it instead.
        this.configError = error;
    }

    /** {@code GET}: the {@code data} member of the answer. */
    JsonValue get(String path) throws PveException {
        return send(request(path).GET());
    }

    /** {@code GET}: the whole answer ({@code data}, and {@code total} of paged answers). */
    JsonObject getBody(String path) throws PveException {
        return sendForBody(request(path).GET());
    }

    /** {@code POST} form parameters: the {@code data} member of the answer. */
    JsonValue post(String path, Map<String, String> params) throws PveException {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params))));
    }

    /** {@code PUT} form parameters: the {@code data} member of the answer. */
    JsonValue put(String path, Map<String, String> params) throws PveException {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString(form(params))));
    }

    /** {@code DELETE}: the {@code data} member of the answer. */
    JsonValue delete(String path) throws PveException {
        return send(request(path).DELETE());
    }

    private static String form(Map<String, String> params) {
        StringJoiner body = new StringJoiner("&");
        params.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    // The whole {"data": …} body (paged answers carry "total" beside "data"); send() takes its data.
    private JsonObject sendForBody(HttpRequest.Builder request) throws PveException {
        HttpResponse<String> response;
        try {
            response = HttpExchanges.send(http, request.build(), settings.timeout());
        } catch (IOException e) {
            throw new PveException(HttpFailures.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PveException("interrupted", e);
        }
        JsonObject body = JsonBodies.parseObject(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new PveException(response.statusCode(), errorText(response.statusCode(), body));
        }
        if (body == null || !body.containsKey("data")) {
            throw PveException.unexpectedAnswer("HTTP " + response.statusCode()
                    + " without a JSON {\"data\": …} body (is " + settings.url() + " Proxmox?)");
        }
        return body;
    }

    private HttpRequest.Builder request(String path) throws PveException {
        if (configError != null) {
            throw new PveException(0, configError);
        }
        if (!settings.hasToken()) {
            throw new PveException(0, "CORRAL_AGENT_PVE_TOKEN is not set");
        }
        try {
            return HttpRequest.newBuilder(URI.create(settings.apiRoot() + path))
                    .timeout(settings.timeout())
                    .header("Accept", "application/json")
                    .header("Authorization", "PVEAPIToken=" + settings.token().trim());
        } catch (IllegalArgumentException e) {
            // Don't echo the message: for a bad header value it could quote the token.
            throw new PveException(0, "cannot build a request for " + path
                    + " (check CORRAL_AGENT_PVE_URL and CORRAL_AGENT_PVE_TOKEN)");
        }
    }

    private JsonValue send(HttpRequest.Builder request) throws PveException {
        return sendForBody(request).get("data");
    }

    // java.net.http cannot read the reason phrase, where Proxmox puts its error text: use the
    // body's message and its per-parameter errors ("Parameter verification failed." alone does not
    // say which parameter), else the bare status.
    private static String errorText(int status, JsonObject body) {
        if (body != null) {
            String message = PveJson.string(body, "message");
            String errors = parameterErrors(body);
            if (message != null && !message.isBlank()) {
                return errors.isEmpty() ? message.trim() : message.trim() + " (" + errors + ")";
            }
            if (!errors.isEmpty()) {
                return errors;
            }
        }
        return "HTTP " + status;
    }

    /** {@code param: error; param: error}, each error on one line; empty when there are none. */
    private static String parameterErrors(JsonObject body) {
        StringBuilder text = new StringBuilder();
        if (body.get("errors") instanceof JsonObject errors) {
            errors.forEach((param, error) -> text.append(text.length() == 0 ? "" : "; ").append(param).append(": ")
                    .append(String.valueOf(PveJson.string(errors, param)).trim().replaceAll("\\s*\\n\\s*", "; ")));
        }
        return text.toString();
    }

    private static HttpClient newHttpClient(PveSettings settings) throws GeneralSecurityException {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.fingerprint() != null && !settings.fingerprint().isBlank()) {
            SSLContext tls = SSLContext.getInstance("TLS");
            TrustManager pinned = new FingerprintTrustManager(settings.fingerprint());
            tls.init(null, new TrustManager[] {pinned}, null);
            builder.sslContext(tls);
        }
        return builder.build();
    }
}
