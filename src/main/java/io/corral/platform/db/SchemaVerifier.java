package io.corral.platform.db;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.metamodel.EntityType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * JPA validates, never generates: after the migrations, every mapped entity's table and
 * columns must exist, or the application refuses to start with the list of what is missing.
 */
@Singleton
@Startup
@DependsOn("MigrationRunner")
public class SchemaVerifier {
    private static final Logger LOG = Logger.getLogger(SchemaVerifier.class.getName());
    private static final String COLUMNS =
            "select column_name from information_schema.columns where table_schema = current_schema() and table_name = ?";

    @PersistenceContext
    EntityManager em;

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource dataSource;

    @PostConstruct
    void verify() {
        List<String> missing = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (EntityType<?> entity : em.getMetamodel().getEntities()) {
                EntityMapping mapping = EntityMapping.of(entity.getJavaType());
                Set<String> actual = columns(c, mapping.table());
                for (String column : mapping.columns()) {
                    if (!actual.contains(column)) {
                        missing.add(mapping.table() + "." + column);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the database schema", e);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Entities map columns the migrations do not create: " + missing);
        }
        LOG.info(() -> "Schema matches the " + em.getMetamodel().getEntities().size() + " mapped entities");
    }

    private static Set<String> columns(Connection c, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
