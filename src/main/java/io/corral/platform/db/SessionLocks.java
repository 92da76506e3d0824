package io.corral.platform.db;

import io.corral.platform.Resources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * PostgreSQL session advisory locks held for as long as some work runs, across transactions and
 * instances: the lock lives on a connection of its own, taken outside any transaction, and is
 * given back on {@link Held#close()}, or by PostgreSQL when the holding process dies.
 */
@ApplicationScoped
public class SessionLocks {
    private static final Logger LOG = Logger.getLogger(SessionLocks.class.getName());

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource dataSource;

    @PostConstruct
    void check() {
        Resources.required(dataSource, "The Corral data source " + DataSourceConfig.JNDI_NAME);
    }

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
            c = dataSource.getConnection();
            c.setAutoCommit(true);
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
