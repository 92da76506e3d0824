package io.corral.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.Serializable;
import java.util.Set;

/**
 * Console sign-in by form, checked by {@link ConsoleIdentityStore}. The signed-in caller and its role
 * are kept in the HTTP session and handed to the container, groups included, on every request.
 *
 * <p>Payara's {@code @FormAuthenticationMechanismDefinition} did the same through {@code @AutoApplySession},
 * which hands the container the principal alone and lets it find the groups again: under concurrent
 * requests of one session (a page loading its scripts, a live refresh beside a click) that lookup
 * sometimes found none, and a signed-in operator got 403 (payara/Payara#6145; seen in the console
 * suites as a script or a POST refused).
 *
 * <ul>
 *   <li>a protected page without a sign-in shows the sign-in form in its place (forward), and the
 *       page is remembered to go back to;</li>
 *   <li>{@code POST …/j_security_check} with {@code j_username} and {@code j_password}: on success the
 *       session gets a new id (no fixation) and the browser goes to the remembered page, else the
 *       error page is shown;</li>
 *   <li>sign-out invalidates the session ({@code ConsoleLogout}).</li>
 * </ul>
 */
@ApplicationScoped
public class ConsoleAuthenticationMechanism implements HttpAuthenticationMechanism {
    static final String LOGIN_PAGE = "/login.xhtml";
    static final String ERROR_PAGE = "/login-error.xhtml";
    /** Session attribute: the signed-in caller. */
    static final String CALLER = "corral.console.caller";
    /** Session attribute: the page to go back to after sign-in. */
    static final String NEXT = "corral.console.next";

    @Inject
    IdentityStoreHandler identityStores;

    /** Who is signed in on a session: name and role (the group of the same name). */
    record SignedIn(String name, Set<String> groups) implements Serializable {
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) throws AuthenticationException {
        if (isSignInPost(request)) {
            return signIn(request, context);
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(CALLER) instanceof SignedIn caller) {
            return context.notifyContainerAboutLogin(caller.name(), caller.groups());
        }
        if (context.isProtected()) {
            request.getSession(true).setAttribute(NEXT, pageToReturnTo(request));
            return context.forward(LOGIN_PAGE);
        }
        return context.doNothing();
    }

    private AuthenticationStatus signIn(HttpServletRequest request, HttpMessageContext context) {
        CredentialValidationResult result = identityStores.validate(new UsernamePasswordCredential(
                request.getParameter("j_username"), new Password(request.getParameter("j_password"))));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return context.forward(ERROR_PAGE);
        }
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        SignedIn caller = new SignedIn(result.getCallerPrincipal().getName(), Set.copyOf(result.getCallerGroups()));
        session.setAttribute(CALLER, caller);
        Object next = session.getAttribute(NEXT);
        session.removeAttribute(NEXT);
        // The next request, the page itself, is signed in from the session.
        return context.redirect(next instanceof String page ? page : request.getContextPath() + "/console/");
    }

    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(CALLER);
        }
        HttpAuthenticationMechanism.super.cleanSubject(request, response, context);
    }

    private static boolean isSignInPost(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && request.getRequestURI().endsWith("/j_security_check")
                && request.getParameter("j_username") != null && request.getParameter("j_password") != null;
    }

    /** The page asked for, when it can be asked again with a GET (a POST's target is the console's start). */
    private static String pageToReturnTo(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return request.getContextPath() + "/console/";
        }
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }
}
