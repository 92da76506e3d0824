package io.corral.agent.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The agent's version: the Maven project version, filtered into {@code agent.properties}. */
public final class AgentVersion {

    private static final String RESOURCE = "/io/corral/agent/agent.properties";
    private static final String CURRENT = load();

    private AgentVersion() {
    }

    public static String current() {
        return CURRENT;
    }

    private static String load() {
        try (InputStream in = AgentVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").trim();
            // Unfiltered (e.g. run from an IDE without Maven resources): don't send "${…}".
            return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
