package io.corral.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The physical reference: how many single-row autocommit UPDATEs per second the same
 * PostgreSQL takes from N plain JDBC clients, each updating its own row of a scratch table
 * (no contention, one commit and WAL flush per update). A command's lifecycle costs several
 * such commits, so this bounds what the bus can reach on this machine.
 */
final class PostgresReference {

    private final String url;
    private final String user;
    private final String password;

    PostgresReference(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void run(int threads, int seconds, Report report) throws SQLException, InterruptedException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("create schema if not exists bench");
            st.execute("drop table if exists bench.counter");
            st.execute("create table bench.counter (id int primary key, n bigint not null)");
            st.execute("insert into bench.counter select g, 0 from generate_series(0, " + (threads - 1) + ") g");
            report.detail("PostgreSQL reference", "server: " + single(st, "select version()"));
            report.detail("PostgreSQL reference", "fsync=" + single(st, "show fsync") + ", synchronous_commit="
                    + single(st, "show synchronous_commit") + ", wal_sync_method=" + single(st, "show wal_sync_method")
                    + ", shared_buffers=" + single(st, "show shared_buffers"));
        }
        Latency latency = new Latency();
        LongAdder updates = new LongAdder();
        AtomicBoolean counting = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        List<Thread> clients = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < threads; i++) {
            int row = i;
            Thread t = new Thread(() -> {
                try (Connection c = connect();
                     PreparedStatement ps = c.prepareStatement("update bench.counter set n = n + 1 where id = ?")) {
                    c.setAutoCommit(true);
                    ps.setInt(1, row);
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        ps.executeUpdate();
                        if (counting.get()) {
                            latency.record(System.nanoTime() - t0);
                            updates.increment();
                        }
                    }
                } catch (SQLException e) {
                    errors.add(e);
                }
            }, "pg-ref-" + i);
            t.start();
            clients.add(t);
        }
        Thread.sleep(2_000); // connections open, plans cached
        counting.set(true);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        counting.set(false);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        for (Thread t : clients) {
            t.join(10_000);
        }
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("drop schema bench cascade");
        }
        if (!errors.isEmpty()) {
            throw new SQLException(errors.size() + " client(s) failed, first: " + errors.get(0), errors.get(0));
        }
        double rate = updates.sum() / elapsed;
        report.row("PostgreSQL ref", threads + " JDBC clients, autocommit 1-row UPDATE", String.format("%,.0f updates/s", rate), "", null);
        report.row("PostgreSQL ref", "UPDATE round trip", latency.summary(), "", null);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
