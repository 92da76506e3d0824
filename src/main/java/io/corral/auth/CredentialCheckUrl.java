package io.corral.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A provider's check URL ({@code CORRAL_AUTH_PROVIDER_<NAME>_CHECK_URL}): a {@code GET} with the
 * credential's access token as bearer; 2xx is valid, 401/403 invalid, anything else leaves the status
 * unknown. The URL must be http(s) and its host must resolve to public addresses only
 * ({@link #refusal}): validation must not become a way into the control plane's own network.
 * Redirects are not followed.
 */
@ApplicationScoped
public class CredentialCheckUrl {
    private static final List<String> TOKEN_FIELDS = List.of("accesstoken", "access_token", "token", "apikey",
            "api_key");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT).build();

    @Inject
    CredentialService vault;

    CredentialVerdict check(Credential c, String url) {
        URI uri;
        try {
            uri = URI.create(url);
            String refused = refusal(uri);
            if (refused != null) {
                return new CredentialVerdict(c, CredentialStatus.UNKNOWN, "check URL refused: " + refused);
            }
        } catch (IllegalArgumentException e) {
            return new CredentialVerdict(c, CredentialStatus.UNKNOWN, "check URL is not a URL");
        }
        String token = token(vault.openForValidation(c.id(), "task:credential-validation"));
        if (token == null) {
            return new CredentialVerdict(c, CredentialStatus.UNKNOWN, "no access token field for the check URL");
        }
        try {
            int status = HTTP.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return new CredentialVerdict(c, CredentialStatus.VALID, "check URL answered " + status);
            }
            return new CredentialVerdict(c, status == 401 || status == 403 ? CredentialStatus.INVALID
                    : CredentialStatus.UNKNOWN, "check URL answered " + status);
        } catch (IllegalArgumentException e) {
            return new CredentialVerdict(c, CredentialStatus.UNKNOWN, "access token not usable in a header");
        } catch (IOException e) {
            return new CredentialVerdict(c, CredentialStatus.UNKNOWN, "check URL unreachable: " + e.getClass()
                    .getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CredentialVerdict(c, CredentialStatus.UNKNOWN, "check interrupted");
        }
    }

    /** Why the URL may not be called (null when it may): scheme, then every address its host resolves to. */
    static String refusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "only http and https";
        }
        if (uri.getHost() == null || uri.getUserInfo() != null) {
            return "a host and no user info are required";
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return "cannot resolve " + uri.getHost();
        }
        for (InetAddress a : addresses) {
            if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                    || a.isMulticastAddress() || isUniqueLocalV6(a) || isSharedOrMetadata(a)) {
                return uri.getHost() + " resolves to " + a.getHostAddress() + ", not a public address";
            }
        }
        return null;
    }

    private static boolean isUniqueLocalV6(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xfe) == 0xfc; // fc00::/7, incl. fd00:ec2::254 (cloud metadata)
    }

    private static boolean isSharedOrMetadata(InetAddress a) {
        byte[] b = a.getAddress();
        // 100.64.0.0/10 (carrier-grade NAT) and 0.0.0.0/8
        return b.length == 4 && ((b[0] == 100 && (b[1] & 0xc0) == 64) || b[0] == 0);
    }

    private static String token(JsonObject credentials) {
        String found = field(credentials);
        if (found != null) {
            return found;
        }
        for (JsonValue v : credentials.values()) {
            if (v instanceof JsonObject nested && (found = field(nested)) != null) {
                return found;
            }
        }
        return null;
    }

    private static String field(JsonObject o) {
        for (var e : o.entrySet()) {
            if (TOKEN_FIELDS.contains(e.getKey().toLowerCase(Locale.ROOT)) && e.getValue() instanceof JsonString s
                    && !s.getString().isBlank()) {
                return s.getString();
            }
        }
        return null;
    }
}
