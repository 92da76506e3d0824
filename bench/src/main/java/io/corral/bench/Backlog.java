package io.corral.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Commands not final yet, read from the database: phases start on an empty queue. */
final class Backlog {

    private Backlog() {
    }

    static long count(String[] db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2]); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from command where status in ('queued', 'leased', 'running')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows of the command table, final ones included (history until the retention prune). */
    static long commandRows(String[] db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2]); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from command")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until no command is queued, leased or running; returns how many still are. */
    static long awaitEmpty(String[] db, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left = count(db);
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            left = count(db);
        }
        return left;
    }
}
