package io.corral.container;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.test.spi.event.suite.AfterSuite;
import org.jboss.arquillian.test.spi.event.suite.BeforeSuite;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The in-container tests' PostgreSQL: started before the suite (so before Payara Micro, which the
 * container starts at deployment) and stopped after it, when the container process has ended. Its URL
 * and user reach Payara Micro as system properties through a file that arquillian.xml passes with
 * {@code --systemProperties}; the background tasks' timers are off so that only the tests run tasks.
 */
public class ContainerDatabase {
    static final String[] TASKS = {"HEALTH_CHECK", "HIBERNATION", "DESTRUCTION", "METRICS_COLLECTION",
        "AUTH_SESSION_CLEANUP", "CREDENTIAL_VALIDATION"};

    private EmbeddedPostgres postgres;

    public void start(@Observes BeforeSuite event) throws IOException {
        Path dir = Path.of(System.getProperty("corral.it.dir", "target/it-container"));
        Files.createDirectories(dir);
        Path log = dir.resolve("postgresql.log");
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setOutputRedirector(toLog)
                .setErrorRedirector(toLog)
                .start();
        Properties settings = new Properties();
        settings.setProperty("CORRAL_DB_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
        settings.setProperty("CORRAL_DB_USER", "postgres");
        settings.setProperty("CORRAL_DB_PASSWORD", "postgres");
        for (String task : TASKS) {
            settings.setProperty("CORRAL_TASK_" + task + "_SCHEDULE", "off");
        }
        settings.setProperty("CORRAL_PRUNE_SCHEDULE", "off");
        try (Writer out = Files.newBufferedWriter(dir.resolve("corral.properties"))) {
            settings.store(out, "written by ContainerDatabase for this run");
        }
    }

    /** After the container's own AfterSuite observers (lower precedence runs later). */
    public void stop(@Observes(precedence = -100) AfterSuite event) throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
