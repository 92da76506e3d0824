package io.corral.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one Payara Micro process runs: a WAR under a context root on a loopback port, with its
 * own work directory ({@code --rootdir}), log file and environment (the application's config).
 */
public record PayaraSpec(String name, Path payaraJar, Path war, String contextRoot, int port,
                         int hazelcastStartPort, Path rootDir, Path logFile,
                         Map<String, String> environment, URI healthUrl) {

    public PayaraSpec {
        environment = Map.copyOf(environment);
    }
}
