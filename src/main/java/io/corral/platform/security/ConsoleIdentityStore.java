package io.corral.platform.security;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.jacc.PolicyContext;
import jakarta.security.jacc.PolicyContextException;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Duration;
import java.util.Set;

/**
 * Checks console sign-ins against {@code app_user}, throttled by {@link LoginThrottle}: while the user name or
 * the client address is blocked the password is not checked at all, and the login page says how long to wait
 * (it finds the attempt's user name in the session attribute {@value #FAILED_USER}). An unknown user name costs one hash check like a known one.
 * A successful sign-in gets a new session id (no session fixation).
 */
@ApplicationScoped
public class ConsoleIdentityStore implements IdentityStore {
    /** Session attribute: the user name of the last failed sign-in, for the login error page. */
    public static final String FAILED_USER = "corral.login.failedUser";
    /** Session attribute: the last sign-in found every password check slot taken (try again, nothing counted). */
    public static final String BUSY = "corral.login.busy";

    @Inject
    Jdbc jdbc;

    @Inject
    Passwords passwords;

    @Inject
    LoginThrottle throttle;

    @Inject
    HttpServletRequest cdiRequest;

    private record Stored(String hash, String role, boolean enabled) {
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential given)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        HttpServletRequest request = currentRequest();
        String username = given.getCaller();
        SignIn outcome;
        try {
            outcome = check(username, given.getPassword().getValue(), request.getRemoteAddr());
        } catch (PasswordProblem busy) {
            // Not the caller's failure: nothing counted, the page asks to try again.
            failedAs(request, username);
            request.getSession(true).setAttribute(BUSY, Boolean.TRUE);
            return CredentialValidationResult.INVALID_RESULT;
        }
        if (outcome.role() == null) {
            failedAs(request, username);
            return CredentialValidationResult.INVALID_RESULT;
        }
        // The session gets a new id on sign-in (ConsoleAuthenticationMechanism; AdminPagesIT#signingInGivesANewSessionId).
        return new CredentialValidationResult(username, Set.of(outcome.role()));
    }

    /** A sign-in's verdict: the user's role, or null when refused. */
    record SignIn(String role) {
    }

    /**
     * The sign-in rules without the servlet request: refused unchecked while blocked; an unknown name costs one
     * hash check like a known one; a failure counts against name and address, a success clears the name's.
     */
    SignIn check(String username, char[] password, String address) {
        Duration blocked = throttle.blocked(username, address);
        if (!blocked.isZero()) {
            return new SignIn(null);
        }
        Stored user = jdbc.one("select password_hash, role, enabled from app_user where username = ?",
                rs -> new Stored(rs.getString(1), rs.getString(2), rs.getBoolean(3)), username).orElse(null);
        boolean valid = user == null ? passwords.verifyNobody(password) : passwords.verify(password, user.hash());
        if (!valid || !user.enabled()) {
            throttle.failed(username, address);
            return new SignIn(null);
        }
        throttle.succeeded(username);
        return new SignIn(user.role());
    }

    /**
     * The error page is reached by a redirect (a new request): it finds the failed attempt's user name in the
     * session, to say how long sign-in stays refused for it.
     */
    private static void failedAs(HttpServletRequest request, String username) {
        request.getSession(true).setAttribute(FAILED_USER, username == null ? "" : username);
        request.getSession(true).removeAttribute(BUSY);
    }

    /** The request being authenticated, as the container hands it to the security layer (JACC), else CDI's. */
    private HttpServletRequest currentRequest() {
        try {
            Object r = PolicyContext.getContext("jakarta.servlet.http.HttpServletRequest");
            if (r instanceof HttpServletRequest http) {
                return http;
            }
        } catch (PolicyContextException | RuntimeException e) {
            // not offered by this container: CDI's request below
        }
        return cdiRequest;
    }
}
