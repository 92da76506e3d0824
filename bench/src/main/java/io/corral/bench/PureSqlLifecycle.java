package io.corral.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The floor under a lifecycle in plain JDBC: per command an INSERT (queued), a claim UPDATE
 * (leased), a start UPDATE (running) and a finish UPDATE (succeeded with a result), each its own
 * autocommit transaction, from N clients on a scratch table. No HTTP, no events, no JPA: what four
 * commits per command cost this PostgreSQL on this machine.
 */
final class PureSqlLifecycle {

    private final String[] db;

    PureSqlLifecycle(String[] db) {
        this.db = db;
    }

    void run(int threads, int seconds, Report report) throws SQLException, InterruptedException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("create schema if not exists bench_sql");
            st.execute("drop table if exists bench_sql.command");
            st.execute("create table bench_sql.command (id uuid primary key, agent int not null, status varchar(16) not null, "
                    + "payload jsonb not null, result jsonb, created_at timestamptz not null, leased_at timestamptz, "
                    + "started_at timestamptz, finished_at timestamptz)");
        }
        LongAdder done = new LongAdder();
        Latency lifecycle = new Latency();
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int agent = i;
            Thread t = new Thread(() -> {
                try (Connection c = connect();
                     PreparedStatement insert = c.prepareStatement("insert into bench_sql.command (id, agent, status, payload, "
                             + "created_at) values (?, ?, 'queued', ?::jsonb, now())");
                     PreparedStatement claim = c.prepareStatement("update bench_sql.command set status = 'leased', "
                             + "leased_at = now() where id = ? and status = 'queued'");
                     PreparedStatement start = c.prepareStatement("update bench_sql.command set status = 'running', "
                             + "started_at = now() where id = ? and status = 'leased'");
                     PreparedStatement finish = c.prepareStatement("update bench_sql.command set status = 'succeeded', "
                             + "result = ?::jsonb, finished_at = now() where id = ? and status = 'running'")) {
                    c.setAutoCommit(true);
                    long n = 0;
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        UUID id = UUID.randomUUID();
                        String payload = "{\"n\":" + (n++) + "}";
                        insert.setObject(1, id);
                        insert.setInt(2, agent);
                        insert.setString(3, payload);
                        insert.executeUpdate();
                        claim.setObject(1, id);
                        claim.executeUpdate();
                        start.setObject(1, id);
                        start.executeUpdate();
                        finish.setString(1, payload);
                        finish.setObject(2, id);
                        if (finish.executeUpdate() != 1) {
                            throw new SQLException("finish updated no row");
                        }
                        if (counting.get()) {
                            lifecycle.record(System.nanoTime() - t0);
                            done.increment();
                        }
                    }
                } catch (SQLException e) {
                    errors.add(e);
                }
            }, "pg-lifecycle-" + i);
            t.start();
            clients.add(t);
        }
        Thread.sleep(2_000);
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
            st.execute("drop schema bench_sql cascade");
        }
        if (!errors.isEmpty()) {
            throw new SQLException(errors.size() + " client(s) failed, first: " + errors.get(0), errors.get(0));
        }
        double rate = done.sum() / elapsed;
        report.row("PostgreSQL ref", threads + " JDBC clients, pure SQL lifecycle (4 commits)",
                String.format("%,.0f lifecycles/s", rate), "", null);
        report.row("PostgreSQL ref", "pure SQL lifecycle, 4 round trips", lifecycle.summary(), "", null);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(db[0], db[1], db[2]);
    }
}
