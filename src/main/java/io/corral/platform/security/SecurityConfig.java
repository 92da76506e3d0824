package io.corral.platform.security;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.FormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;

/**
 * Console sign-in: a form checked by {@link ConsoleIdentityStore} against {@code app_user} (PBKDF2 hashes),
 * throttled per user name and client address. The API does not use this mechanism; it authenticates bearer
 * tokens in {@link ApiAuthFilter}.
 */
@ApplicationScoped
@DeclareRoles({"admin", "operator", "viewer"})
@FormAuthenticationMechanismDefinition(
        loginToContinue = @LoginToContinue(loginPage = "/login.xhtml", errorPage = "/login-error.xhtml"))
public class SecurityConfig {
}
