package io.corral.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the database is, for the one connection that lives outside the pool (the LISTEN
 * connection). The pool itself reads the same keys through {@link DataSourceConfig}.
 */
@ApplicationScoped
public class DatabaseSettings {
    @Inject
    @ConfigProperty(name = "CORRAL_DB_URL")
    String url;

    @Inject
    @ConfigProperty(name = "CORRAL_DB_USER")
    String user;

    @Inject
    @ConfigProperty(name = "CORRAL_DB_PASSWORD")
    String password;

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }
}
