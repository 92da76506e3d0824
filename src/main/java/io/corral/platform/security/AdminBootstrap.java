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
 * First start: creates the admin user with {@code CORRAL_ADMIN_PASSWORD} (it must pass {@link PasswordPolicy}).
 * Without it no admin is made up: a generated password printed by the server would end up in its log files, so
 * the start-up log says to set it (the launcher generates one and shows it in the terminal). Every start:
 * registers {@code CORRAL_BOOTSTRAP_TOKEN} as an admin API token if it is set — refused unless it carries 32
 * random bytes' worth ({@link BootstrapTokenCheck}) — so automation (and the launcher) can call the API.
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
        Optional<String> token = bootstrapToken.filter(t -> !t.isBlank());
        token.map(BootstrapTokenCheck::problem).ifPresent(problem -> {
            throw new IllegalStateException("CORRAL_BOOTSTRAP_TOKEN refused: it " + problem);
        });
        long users = em.createQuery("select count(u) from AppUser u", Long.class).getSingleResult();
        if (users == 0) {
            createAdmin();
        }
        token.ifPresent(t -> tokens.ensure(t, "bootstrap", Role.ADMIN));
    }

    private void createAdmin() {
        Optional<String> password = adminPassword.filter(p -> !p.isBlank());
        if (password.isEmpty()) {
            LOG.warning(() -> "No console user yet and CORRAL_ADMIN_PASSWORD is not set: no admin was created. Set it "
                    + "and restart, or create users with an admin API token (CORRAL_BOOTSTRAP_TOKEN)");
            return;
        }
        try {
            PasswordPolicy.check(adminUser, password.get());
        } catch (PasswordProblem weak) {
            throw new IllegalStateException("CORRAL_ADMIN_PASSWORD refused: " + weak.getMessage());
        }
        em.persist(new AppUser(adminUser, passwords.hash(password.get().toCharArray()), Role.ADMIN));
        LOG.info(() -> "Admin user created: " + adminUser + " (password from CORRAL_ADMIN_PASSWORD)");
    }
}
