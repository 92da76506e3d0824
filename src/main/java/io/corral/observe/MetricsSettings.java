package io.corral.observe;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How fresh the gauges read from the database are: a scrape within this time reuses the last counts. */
@ApplicationScoped
public class MetricsSettings {
    @Inject
    @ConfigProperty(name = "CORRAL_METRICS_REFRESH_MILLIS", defaultValue = "2000")
    long refreshMillis;

    public long refreshMillis() {
        return Math.max(0, refreshMillis);
    }
}
