package io.corral.platform.security;

import io.corral.platform.db.DataSourceConfig;
import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.FormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;
import jakarta.security.enterprise.identitystore.DatabaseIdentityStoreDefinition;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

/**
 * Console sign-in: a form checked against {@code app_user} (PBKDF2 hashes). The API does not
 * use this mechanism; it authenticates bearer tokens in {@link ApiAuthFilter}.
 */
@ApplicationScoped
@DeclareRoles({"admin", "operator", "viewer"})
@FormAuthenticationMechanismDefinition(
        loginToContinue = @LoginToContinue(loginPage = "/login.xhtml", errorPage = "/login-error.xhtml"))
@DatabaseIdentityStoreDefinition(
        dataSourceLookup = DataSourceConfig.JNDI_NAME,
        callerQuery = "select password_hash from app_user where username = ? and enabled",
        groupsQuery = "select role from app_user where username = ?",
        hashAlgorithm = Pbkdf2PasswordHash.class)
public class SecurityConfig {
}
