package io.corral.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void dataSurvivesARestart() throws Exception {
        Path pg = dataDir.resolve("pg");
        Path log = dataDir.resolve("logs/postgresql.log");
        int port = Ports.resolve(new int[] {0}, new String[] {"test"})[0];

        try (EmbeddedDatabase db = EmbeddedDatabase.start(pg, port, log)) {
            assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/corral");
            try (Connection c = connect(db); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE agent (name text PRIMARY KEY)");
                s.execute("INSERT INTO agent VALUES ('local')");
            }
        }

        try (EmbeddedDatabase db = EmbeddedDatabase.start(pg, port, log);
             Connection c = connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM agent")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("local");
        }
        assertThat(log).isNotEmptyFile();
    }

    private static Connection connect(EmbeddedDatabase db) throws Exception {
        return DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
    }
}
