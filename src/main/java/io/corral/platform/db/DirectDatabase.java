package io.corral.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;

/**
 * Transactions outside JTA for the command bus's hot path (enqueue, claim, start, result):
 * a small pool of its own on the same database, explicit commits, no validation query per
 * borrow (a connection idle for less than half a second is trusted; one that fails is
 * evicted, so a database restart costs the requests in flight, not the pool). Everything
 * else keeps the container's JTA data source.
 */
@ApplicationScoped
public class DirectDatabase {
    private static final Logger LOG = Logger.getLogger(DirectDatabase.class.getName());

    @Inject
    DatabaseSettings settings;

    /** Housekeeping (idle and lifetime checks every 30 s) on the server's scheduler, not a thread of its own. */
    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile HikariDataSource pool;

    /** Work in one transaction; what it answers is returned after the commit. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Jdbc jdbc);
    }

    /** Runs {@code work} in one transaction on one connection: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = pool().getConnection()) {
            try {
                T answer = work.run(Jdbc.on(c));
                c.commit();
                return answer;
            } catch (RuntimeException | Error e) {
                rollback(c);
                throw e;
            }
        } catch (SQLException e) {
            throw new Jdbc.DatabaseException("commit", e);
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.fine(() -> "Rollback failed (the connection is evicted): " + e.getMessage());
        }
    }

    private HikariDataSource pool() {
        HikariDataSource p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) {
                    pool = open();
                }
                p = pool;
            }
        }
        return p;
    }

    private HikariDataSource open() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("corral-direct");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setDriverClassName("org.postgresql.Driver");
        config.setAutoCommit(false);
        config.setMaximumPoolSize(settings.directPoolSize());
        config.setMinimumIdle(Math.min(2, settings.directPoolSize()));
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);
        if (scheduler != null) {
            config.setScheduledExecutor(scheduler);
        }
        config.addDataSourceProperty("ApplicationName", "corral-direct");
        LOG.info(() -> "Direct database pool for the command bus: up to " + settings.directPoolSize()
                + " connection(s)");
        return new HikariDataSource(config);
    }

    @PreDestroy
    void close() {
        HikariDataSource p = pool;
        if (p != null) {
            p.close();
        }
    }
}
