package io.corral.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one Payara Micro process runs: a WAR under a context root on a loopback port, with its
 * own work directory ({@code --rootdir}), log file, environment (the application's config) and
 * the asadmin commands only this process needs before boot (after the common ones).
 */
public record PayaraSpec(String name, Path payaraJar, Path war, String contextRoot, int port,
                         int hazelcastStartPort, Path rootDir, Path logFile,
                         Map<String, String> environment, URI healthUrl, List<String> prebootCommands) {

    public PayaraSpec {
        environment = Map.copyOf(environment);
        prebootCommands = List.copyOf(prebootCommands);
    }

    public PayaraSpec(String name, Path payaraJar, Path war, String contextRoot, int port,
                      int hazelcastStartPort, Path rootDir, Path logFile,
                      Map<String, String> environment, URI healthUrl) {
        this(name, payaraJar, war, contextRoot, port, hazelcastStartPort, rootDir, logFile, environment, healthUrl,
                List.of());
    }
}
