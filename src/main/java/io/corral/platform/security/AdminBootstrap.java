package io.corral.platform.security;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;
import java.util.logging.Logger;

/**
 * First start: creates the admin user, with {@code CORRAL_ADMIN_PASSWORD} or a generated
 * password printed once. Every start: registers {@code CORRAL_BOOTSTRAP_TOKEN} as an admin
 * API token if it is set, so automation (and the launcher) can call the API from the start.
 */
@Singleton
@Startup
@DependsOn("MigrationRunner")
public class AdminBootstrap {
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    Passwords passwords;

    @Inject
    TokenService tokens;

    @Inject
    @ConfigProperty(name = "CORRAL_ADMIN_USER", defaultValue = "admin")
    String adminUser;

    @Inject
    @ConfigProperty(name = "CORRAL_ADMIN_PASSWORD")
    Optional<String> adminPassword;

    @Inject
    @ConfigProperty(name = "CORRAL_BOOTSTRAP_TOKEN")
    Optional<String> bootstrapToken;

    @PostConstruct
    void bootstrap() {
        long users = em.createQuery("select count(u) from AppUser u", Long.class).getSingleResult();
        if (users == 0) {
            createAdmin();
        }
        bootstrapToken.filter(t -> !t.isBlank()).ifPresent(t -> tokens.ensure(t, "bootstrap", Role.ADMIN));
    }

    private void createAdmin() {
        boolean generated = adminPassword.filter(p -> !p.isBlank()).isEmpty();
        String password = generated ? Tokens.newSecret("").substring(0, 20) : adminPassword.get();
        em.persist(new AppUser(adminUser, passwords.hash(password.toCharArray()), Role.ADMIN));
        if (generated) {
            // Printed once, on purpose: there is no other way to learn a generated password.
            System.out.println("Corral admin user created: " + adminUser + " / " + password
                    + "  (set CORRAL_ADMIN_PASSWORD to choose it)");
        } else {
            LOG.info(() -> "Admin user created: " + adminUser + " (password from CORRAL_ADMIN_PASSWORD)");
        }
    }
}
