package io.corral.pvesim;

import io.undertow.util.HeaderMap;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates API calls as pveproxy does: an API token header, or a ticket cookie plus a CSRF
 * prevention token on every call that is not a GET. Logging in ({@code /access/ticket}) needs no auth.
 */
public final class AuthHandler {

    static final String TOKEN_PREFIX = "PVEAPIToken=";
    static final String TICKET_COOKIE = "PVEAuthCookie";
    static final String CSRF_HEADER = "CSRFPreventionToken";

    private final Map<String, String> apiTokens;
    private final Map<String, String> users;
    private final TicketSigner signer = new TicketSigner();
    private final Clock clock;

    public AuthHandler(Map<String, String> apiTokens, Map<String, String> users, Clock clock) {
        this.apiTokens = Map.copyOf(apiTokens);
        this.users = Map.copyOf(users);
        this.clock = clock;
    }

    /**
     * The user making the call ({@code root@pam}, or {@code root@pam!tokenid} for a token), or
     * {@code null} for the calls PVE allows without authentication.
     *
     * @throws PveException 401 when the call is not authenticated
     */
    public String authenticate(String method, String path, HeaderMap headers) {
        if (path.equals("/access/ticket") && (method.equals("GET") || method.equals("POST"))) {
            return null;
        }
        String authorization = headers.getFirst("Authorization");
        if (authorization != null && authorization.startsWith(TOKEN_PREFIX)) {
            return tokenUser(authorization.substring(TOKEN_PREFIX.length()));
        }
        String user = cookie(headers.getFirst("Cookie"), TICKET_COOKIE)
                .flatMap(ticket -> signer.verifyTicket(ticket, now()))
                .orElseThrow(() -> PveException.unauthorized("No ticket"));
        if (!method.equals("GET") && !signer.verifyCsrfToken(user, headers.getFirst(CSRF_HEADER), now())) {
            throw PveException.unauthorized("Permission denied - invalid csrf token");
        }
        return user;
    }

    /** A login: a new ticket when the password (or a still valid ticket of the user) matches. */
    public Optional<Map<String, Object>> login(String username, String password) {
        boolean valid = password.equals(users.get(username))
                || signer.verifyTicket(password, now()).filter(username::equals).isPresent();
        if (!valid) {
            return Optional.empty();
        }
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("username", username);
        login.put("ticket", signer.ticket(username, now()));
        login.put("CSRFPreventionToken", signer.csrfToken(username, now()));
        login.put("cap", Capabilities.ADMINISTRATOR);
        return Optional.of(login);
    }

    /** {@code USER@REALM!TOKENID=SECRET} against the configured tokens. */
    private String tokenUser(String value) {
        int eq = value.indexOf('=');
        String tokenId = eq < 0 ? value : value.substring(0, eq).trim();
        String secret = eq < 0 ? "" : value.substring(eq + 1).trim();
        if (!tokenId.contains("!") || !secret.equals(apiTokens.get(tokenId))) {
            throw PveException.unauthorized("No ticket");
        }
        return tokenId;
    }

    private static Optional<String> cookie(String header, String name) {
        if (header == null) {
            return Optional.empty();
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                return Optional.of(URLDecoder.decode(part.substring(eq + 1).trim(), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
