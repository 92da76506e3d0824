package io.corral.platform.security;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The console's roles. Console sign-in is a form ({@link ConsoleAuthenticationMechanism}) checked by
 * {@link ConsoleIdentityStore} against {@code app_user} (PBKDF2 hashes), throttled per user name and client
 * address. The API does not use it; it authenticates bearer tokens in {@link ApiAuthFilter}.
 */
@ApplicationScoped
@DeclareRoles({"admin", "operator", "viewer"})
public class SecurityConfig {
}
