package io.corral.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * PostgreSQL session advisory locks held for as long as some work runs, across transactions and
 * instances: the lock lives on a connection of its own, opened for it outside the server's pool
 * (a pooled connection held across threads and transactions was handed to others while held, and
 * its auto-commit broke their commits), and is given back on {@link Held#close()}, or by
 * PostgreSQL when the holding process dies.
 */
@ApplicationScoped
public class SessionLocks {
    private static final Logger LOG = Logger.getLogger(SessionLocks.class.getName());

    static final String APPLICATION_NAME = "corral-session-lock";

    @Inject
    DatabaseSettings database;

    /** Created at deployment, where its data source can be injected. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // Observing the event creates the bean.
    }

    /** A lock held until closed. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the lock named {@code name} if no session holds it; empty otherwise. */
    public Optional<Held> tryAcquire(String name) {
        Connection c = null;
        try {
            Properties p = new Properties();
            p.setProperty("user", database.user());
            p.setProperty("password", database.password());
            p.setProperty("ApplicationName", APPLICATION_NAME);
            c = DriverManager.getConnection(database.url(), p);
            boolean got;
            try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    got = rs.getBoolean(1);
                }
            }
            if (!got) {
                c.close();
                return Optional.empty();
            }
            Connection held = c;
            return Optional.of(() -> release(held, name));
        } catch (SQLException e) {
            closeQuietly(c);
            throw new Jdbc.DatabaseException("select pg_try_advisory_lock(hashtext('" + name + "'))", e);
        }
    }

    private static void release(Connection c, String name) {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_unlock(hashtext(?))")) {
            ps.setString(1, name);
            ps.execute();
        } catch (SQLException e) {
            // The connection broke: PostgreSQL released the lock with the session.
            LOG.log(Level.FINE, "Releasing lock " + name + ": " + e.getMessage(), e);
        } finally {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "Closing a lock connection: " + e.getMessage(), e);
        }
    }
}
