package io.corral.platform.db;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The application's only datasource: PostgreSQL, configured through MicroProfile Config
 * ({@code CORRAL_DB_URL}, {@code CORRAL_DB_USER}, {@code CORRAL_DB_PASSWORD}).
 * Connections are validated before use so that a database restart does not hand out dead ones.
 * <p>
 * Its name is global because the server's Jakarta Batch runtime keeps its job repository here
 * too (batch-runtime-configuration {@code data-source-lookup-name}, see docs/architecture.md): one
 * pool for both, so a chunk step's writes to application tables and the runtime's checkpoint
 * commit in one transaction without XA.
 */
@ApplicationScoped
@DataSourceDefinition(
        name = DataSourceConfig.JNDI_NAME,
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "${MPCONFIG=CORRAL_DB_URL}",
        user = "${MPCONFIG=CORRAL_DB_USER}",
        password = "${MPCONFIG=CORRAL_DB_PASSWORD}",
        minPoolSize = 2,
        maxPoolSize = 32,
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=custom-validation",
            "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
            "fish.payara.fail-all-connections=true",
            "fish.payara.connection-creation-retry-attempts=3",
            "fish.payara.connection-creation-retry-interval-in-seconds=2",
            "ApplicationName=corral"
        })
public class DataSourceConfig {
    public static final String JNDI_NAME = "java:global/jdbc/corral";
}
