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
 * Reconnects with backoff when the database goes away, or when the connection stops answering
 * (a dead connection can look quiet: it is checked every {@value #CHECK_MILLIS} ms). Whatever
 * was notified while it was not listening is lost, so after every reconnect it catches up: every
 * held poll claims once, and every waiting caller reads its command again.
 */
@Singleton
@Startup
@DependsOn("CommandBusStartup")
public class NotifyListener {
    private static final Logger LOG = Logger.getLogger(NotifyListener.class.getName());
    static final String HELLO_CHANNEL = "corral_instance_hello";
    /** The listening connection's {@code application_name}. */
    public static final String APPLICATION_NAME = "corral-notify-listener";

    @Resource
    ManagedThreadFactory threads;

    @Inject
    DeliveryHub hub;

    @Inject
    CommandWaits waits;

    @Inject
    DatabaseSettings database;

    @Inject
    Peers peers;

    private long helloDue;
    private boolean listenedBefore;

    /** A connection that answers nothing for this long is dropped and made anew. */
    static final long CHECK_MILLIS = 10_000;

    private volatile boolean running = true;
    private volatile boolean listening;
    private long checkDue;
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
            try (Connection c = DriverManager.getConnection(database.url(), connectionProperties())) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CommandSignals.QUEUE_CHANNEL);
                    s.execute("LISTEN " + CommandSignals.FINAL_CHANNEL);
                    s.execute("LISTEN " + CommandSignals.PURGE_CHANNEL);
                    s.execute("LISTEN " + HELLO_CHANNEL);
                }
                helloDue = 0;
                boolean reconnect = listenedBefore;
                listening = true;
                listenedBefore = true;
                LOG.info(reconnect ? "Listening again for notifications from other instances; catching up"
                        : "Listening for command notifications from other instances");
                if (reconnect) {
                    hub.wakeAll();
                    waits.recheckAll();
                }
                backoff = 500;
                checkDue = System.currentTimeMillis() + CHECK_MILLIS;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    long now = System.currentTimeMillis();
                    if (now >= helloDue) {
                        hello(c);
                    }
                    if (now >= checkDue) {
                        check(c);
                    }
                    PGNotification[] batch = pg.getNotifications(1000);
                    if (batch != null) {
                        for (PGNotification n : batch) {
                            if (HELLO_CHANNEL.equals(n.getName())) {
                                heardHello(n.getParameter());
                            } else {
                                dispatch(n);
                            }
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running) {
                    LOG.log(Level.WARNING, "Notification listener lost its connection; retrying in " + backoff + " ms: "
                            + e.getMessage());
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        }
    }

    /** Named, so operators (and tests) can tell it apart in {@code pg_stat_activity}. */
    private java.util.Properties connectionProperties() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", database.user());
        p.setProperty("password", database.password());
        p.setProperty("ApplicationName", APPLICATION_NAME);
        return p;
    }

    /** True while the listening connection is up (readiness reports it). */
    public boolean listening() {
        return listening;
    }

    /** A round trip with a timeout: a connection the network silently dropped fails here. */
    private void check(Connection c) throws SQLException {
        if (!c.isValid(5)) {
            throw new SQLException("the listening connection did not answer within 5 s");
        }
        checkDue = System.currentTimeMillis() + CHECK_MILLIS;
    }

    /** Says this instance is here, so the others notify it; they say so every few seconds too. */
    private void hello(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("NOTIFY " + HELLO_CHANNEL + ", '" + Instance.ID + "'");
        }
        helloDue = System.currentTimeMillis() + Peers.HELLO_MILLIS;
    }

    private void heardHello(String instanceId) {
        if (instanceId.equals(Instance.ID)) {
            return;
        }
        if (!peers.present()) {
            LOG.info(() -> "Another control-plane instance shares the database (" + instanceId
                    + "): notifying it of queued and finished commands");
            helloDue = 0;
        }
        peers.heard(instanceId);
    }

    private void dispatch(PGNotification n) {
        String[] parts = n.getParameter().split("\\|");
        if (parts.length != 2 || parts[1].equals(Instance.ID)) {
            return;
        }
        UUID id = UUID.fromString(parts[0]);
        switch (n.getName()) {
            case CommandSignals.QUEUE_CHANNEL -> {
                // Another instance's news for this agent: queued work or a cancel request, not told which.
                hub.cancelRequested(id);
                hub.wake(id);
            }
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
