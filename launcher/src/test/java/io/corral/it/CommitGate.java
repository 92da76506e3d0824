package io.corral.it;

import io.corral.launcher.Stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Holds the commit of the transaction that changes one row of a table: a deferred constraint trigger, limited to
 * that row and that change, waits at COMMIT for an advisory lock this gate holds. Whatever the transaction did
 * before its commit (e.g. clearing a cache) has happened while its change is still invisible to others, until
 * {@link #open()}. {@link #close()} lets any held transaction go and removes the trigger.
 */
final class CommitGate implements AutoCloseable {
    private final Connection db;
    private final String table;
    private final String name;
    private final int key;
    private boolean held = true;

    private CommitGate(Connection db, String table, String name, int key) {
        this.db = db;
        this.table = table;
        this.name = name;
        this.key = key;
    }

    /**
     * A closed gate for transactions that update the row {@code id} of {@code table} so that {@code change} (a
     * trigger WHEN condition over {@code old} and {@code new}) holds.
     */
    static CommitGate onUpdate(Stack stack, String table, UUID id, String change) throws SQLException {
        Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
        int key = ThreadLocalRandom.current().nextInt(1_000_000, Integer.MAX_VALUE);
        String name = "it_commit_gate_" + Integer.toUnsignedString(key);
        CommitGate gate = new CommitGate(db, table, name, key);
        try (Statement s = db.createStatement()) {
            s.execute("select pg_advisory_lock(" + key + ")");
            s.execute("create function " + name + "() returns trigger language plpgsql as $$ begin "
                    + "perform pg_advisory_xact_lock(" + key + "); return null; end $$");
            s.execute("create constraint trigger " + name + " after update on " + table
                    + " deferrable initially deferred for each row when (new.id = '" + id + "' and (" + change
                    + ")) execute function " + name + "()");
        } catch (SQLException | RuntimeException e) {
            gate.close();
            throw e;
        }
        return gate;
    }

    /** Waits until a transaction is held at this gate; answers what that backend is running (its COMMIT). */
    String awaitHeld(Duration timeout) {
        return Await.until("a transaction held at its commit by " + name, timeout, this::heldQuery, q -> !q.isEmpty());
    }

    private String heldQuery() {
        try (PreparedStatement p = db.prepareStatement("""
                select a.query from pg_locks l join pg_stat_activity a on a.pid = l.pid
                 where l.locktype = 'advisory' and not l.granted and l.classid = 0 and l.objid::bigint = ?
                """)) {
            p.setLong(1, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets the held transaction (and any later one) commit. */
    void open() throws SQLException {
        if (held) {
            try (Statement s = db.createStatement()) {
                s.execute("select pg_advisory_unlock(" + key + ")");
            }
            held = false;
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            open();
            try (Statement s = db.createStatement()) {
                s.execute("drop trigger if exists " + name + " on " + table);
                s.execute("drop function if exists " + name + "()");
            }
        } finally {
            db.close();
        }
    }
}
