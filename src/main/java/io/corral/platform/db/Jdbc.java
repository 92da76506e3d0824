package io.corral.platform.db;

import io.corral.platform.Resources;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Plain JDBC for the classes that keep SQL of their own (the command bus, heartbeat writes,
 * token lookups): on the application's data source (inside a JTA transaction every call gets
 * the transaction's connection), or on one connection of a {@link DirectDatabase}
 * transaction ({@link #on}). Each statement is the caller's: this only binds
 * parameters ({@code UUID[]} as {@code uuid[]}, {@code String[]} as {@code text[]}, {@code Long[]} as
 * {@code bigint[]}, {@code Integer[]} as {@code int4[]}, {@code Boolean[]} as {@code bool[]}) and maps rows.
 */
public final class Jdbc {
    private final DataSource dataSource;
    private final Connection connection;

    public Jdbc(DataSource dataSource) {
        this.dataSource = Resources.required(dataSource, "the Corral data source " + DataSourceConfig.JNDI_NAME);
        this.connection = null;
    }

    private Jdbc(Connection connection) {
        this.dataSource = null;
        this.connection = connection;
    }

    /** Statements on this connection, which the caller owns (and commits or closes). */
    public static Jdbc on(Connection connection) {
        return new Jdbc(connection);
    }

    private Connection open() throws SQLException {
        return connection != null ? connection : dataSource.getConnection();
    }

    private void close(Connection c) throws SQLException {
        if (c != connection) {
            c.close();
        }
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try {
            Connection c = open();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(c, ps, params);
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                }
                return out;
            } finally {
                close(c);
            }
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    /** The first row mapped; empty when there is no row or the mapper answered null (SQL null). */
    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    public int update(String sql, Object... params) {
        try {
            Connection c = open();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(c, ps, params);
                return ps.executeUpdate();
            } finally {
                close(c);
            }
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    /** One statement, many parameter rows, one round trip. */
    public void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            Connection c = open();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    bind(c, ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
            } finally {
                close(c);
            }
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    /** True when the database answers within {@code seconds}. */
    public boolean isUp(int seconds) {
        try {
            Connection c = open();
            try {
                return c.isValid(seconds);
            } finally {
                close(c);
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private static void bind(Connection c, PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (p instanceof UUID[] ids) {
                ps.setArray(i + 1, c.createArrayOf("uuid", ids));
            } else if (p instanceof String[] texts) {
                ps.setArray(i + 1, c.createArrayOf("text", texts));
            } else if (p instanceof Long[] numbers) {
                ps.setArray(i + 1, c.createArrayOf("bigint", numbers));
            } else if (p instanceof Integer[] numbers) {
                ps.setArray(i + 1, c.createArrayOf("int4", numbers));
            } else if (p instanceof Boolean[] flags) {
                ps.setArray(i + 1, c.createArrayOf("bool", flags));
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    /** A failed statement; the message names the statement's first words, never its parameters. */
    public static final class DatabaseException extends RuntimeException {
        DatabaseException(String sql, SQLException cause) {
            super("Database statement failed (" + head(sql) + "…): " + cause.getMessage(), cause);
        }

        private static String head(String sql) {
            String flat = sql.strip().replaceAll("\\s+", " ");
            return flat.length() <= 40 ? flat : flat.substring(0, 40);
        }
    }
}
