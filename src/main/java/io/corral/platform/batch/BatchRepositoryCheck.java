package io.corral.platform.batch;

import io.corral.platform.Resources;
import io.corral.platform.db.DataSourceConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Logger;

/**
 * At deployment, brings up the server's batch runtime and refuses to start unless its job
 * repository lives in the application's PostgreSQL. Jobs kept anywhere else (Payara Micro's
 * default is an H2 file in the work directory) vanish with a restart, and a chunk step could not
 * write application tables in its own transaction.
 * <p>
 * Payara creates the repository tables ({@code jbatch*}) itself on first use. Instances starting
 * together take an advisory lock around that first use, so two of them never race to create them.
 */
@Singleton
@Startup
@DependsOn("MigrationRunner")
@TransactionManagement(TransactionManagementType.BEAN)
public class BatchRepositoryCheck {
    private static final Logger LOG = Logger.getLogger(BatchRepositoryCheck.class.getName());
    private static final String LOCK = "select pg_advisory_lock(hashtext('corral:batch-repository'))";
    private static final String UNLOCK = "select pg_advisory_unlock(hashtext('corral:batch-repository'))";
    private static final String REPOSITORY_TABLES = "select count(*) from information_schema.tables "
            + "where table_schema = current_schema() and table_name like '%jobinstancedata'";
    static final String MISCONFIGURED = "The Jakarta Batch job repository is not in the application's database. "
            + "Configure the server before boot (Payara Micro: --prebootcommandfile) with "
            + "'set configs.config.server-config.batch-runtime-configuration.data-source-lookup-name="
            + DataSourceConfig.JNDI_NAME + "' and '…batch-runtime-configuration.schema-name=<the application's "
            + "schema, normally public>'; see docs/architecture.md";

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource dataSource;

    @PostConstruct
    void check() {
        Resources.required(dataSource, "The Corral data source " + DataSourceConfig.JNDI_NAME);
        try (Connection c = dataSource.getConnection()) {
            run(c, LOCK);
            try {
                BatchRuntime.getJobOperator().getJobNames();
            } catch (RuntimeException e) {
                throw new IllegalStateException(MISCONFIGURED + " (" + e + ")", e);
            } finally {
                run(c, UNLOCK);
            }
            if (count(c, REPOSITORY_TABLES) == 0) {
                throw new IllegalStateException(MISCONFIGURED);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check the batch job repository: " + e.getMessage(), e);
        }
        LOG.info("Jakarta Batch job repository: " + DataSourceConfig.JNDI_NAME);
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
