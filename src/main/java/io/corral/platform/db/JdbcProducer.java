package io.corral.platform.db;

import io.corral.platform.Resources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import javax.sql.DataSource;

/** Hands the classes that keep their own SQL a {@link Jdbc} on the application's data source. */
@ApplicationScoped
public class JdbcProducer {
    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource dataSource;

    @PostConstruct
    void check() {
        Resources.required(dataSource, "The Corral data source " + DataSourceConfig.JNDI_NAME);
    }

    @Produces
    Jdbc jdbc() {
        return new Jdbc(dataSource);
    }
}
