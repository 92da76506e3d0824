package io.corral.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the database is, for the connections that live outside the container's pool (the
 * LISTEN connection and the {@link DirectDatabase} pool). The container's pool reads the same
 * keys through {@link DataSourceConfig}.
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

    @Inject
    @ConfigProperty(name = "CORRAL_DB_DIRECT_POOL_SIZE", defaultValue = "8")
    int directPoolSize;

    /** Connections of the command bus's own pool (enqueue, claim, start, result). */
    public int directPoolSize() {
        return Math.max(1, directPoolSize);
    }

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
