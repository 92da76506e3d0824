package io.corral.command;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import io.corral.platform.Resources;
import io.corral.platform.db.DatabaseSettings;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hears other instances through PostgreSQL LISTEN on a connection of its own (outside the
 * pool): queued work wakes this instance's held polls, finished commands its waiting callers.
 * Reconnects with backoff when the database goes away.
 */
@Singleton
@Startup
@DependsOn("CommandBusStartup")
public class NotifyListener {
    private static final Logger LOG = Logger.getLogger(NotifyListener.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    DeliveryHub hub;

    @Inject
    CommandWaits waits;

    @Inject
    DatabaseSettings database;

    private volatile boolean running = true;
    private Thread thread;

    @PostConstruct
    void start() {
        thread = Resources.required(threads, "The default ManagedThreadFactory").newThread(this::listenForever);
        thread.setName("corral-notify-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        thread.interrupt();
    }

    private void listenForever() {
        long backoff = 500;
        while (running) {
            try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password())) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CommandSignals.QUEUE_CHANNEL);
                    s.execute("LISTEN " + CommandSignals.FINAL_CHANNEL);
                    s.execute("LISTEN " + CommandSignals.PURGE_CHANNEL);
                }
                LOG.info("Listening for command notifications from other instances");
                backoff = 500;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] batch = pg.getNotifications(1000);
                    if (batch != null) {
                        for (PGNotification n : batch) {
                            dispatch(n);
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.log(Level.WARNING, "Notification listener lost its connection; retrying in " + backoff + " ms: "
                            + e.getMessage());
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        }
    }

    private void dispatch(PGNotification n) {
        String[] parts = n.getParameter().split("\\|");
        if (parts.length != 2 || parts[1].equals(Instance.ID)) {
            return;
        }
        UUID id = UUID.fromString(parts[0]);
        switch (n.getName()) {
            case CommandSignals.QUEUE_CHANNEL -> hub.wake(id);
            case CommandSignals.PURGE_CHANNEL -> hub.purge(id);
            default -> waits.finished(id);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
