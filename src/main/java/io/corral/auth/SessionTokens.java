package io.corral.auth;

import io.corral.platform.error.AccessProblem;
import io.corral.platform.security.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * The in-VM helper's one-time session token ({@code cas_…}): shown once at start, stored as its
 * SHA-256, good for its own session's ready, authenticating and credentials store only. The
 * helper endpoints are open to the API filter and check the token here, because the session
 * they act on is named in the path or in the body.
 */
@ApplicationScoped
public class SessionTokens {
    public static final String PREFIX = "cas_";
    private static final String BEARER = "Bearer ";

    @Inject
    AuthSessionStore store;

    public static String newSecret() {
        return Tokens.newSecret(PREFIX);
    }

    public static String hash(String secret) {
        return Tokens.hash(secret);
    }

    /**
     * The session {@code id} if {@code authorization} carries its token. An unknown session and
     * another session's token get the same 403, so a token reveals nothing about other sessions.
     */
    public AuthSession require(UUID id, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.length() == BEARER.length()) {
            throw AccessProblem.unauthorized("Send Authorization: Bearer <the session's helper token>");
        }
        String secret = authorization.substring(BEARER.length()).trim();
        if (!secret.startsWith(PREFIX)) {
            throw AccessProblem.unauthorized("Only an auth session's helper token (" + PREFIX + "…) opens this");
        }
        return store.findWithToken(id, hash(secret))
                .orElseThrow(() -> AccessProblem.forbidden("This token does not belong to session " + id));
    }
}
