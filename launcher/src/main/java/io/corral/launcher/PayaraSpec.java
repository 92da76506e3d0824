package io.corral.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one Payara Micro process runs: a WAR under a context root on a loopback port, with its
 * own work directory ({@code --rootdir}), log file, environment (the application's config) and
 * the asadmin commands only this process needs before boot (after the common ones). With a
 * {@code cluster}, it joins that Payara Micro cluster (its Hazelcast data grid) on loopback;
 * without, it runs alone ({@code --nocluster}).
 */
public record PayaraSpec(String name, Path payaraJar, Path war, String contextRoot, int port,
                         int hazelcastStartPort, Path rootDir, Path logFile,
                         Map<String, String> environment, URI healthUrl, List<String> prebootCommands,
                         Cluster cluster) {

    /** A Payara Micro cluster on loopback: its name and every member's data-grid port. */
    public record Cluster(String name, List<Integer> memberPorts) {
        public Cluster {
            memberPorts = List.copyOf(memberPorts);
        }

        /** {@code tcpip:127.0.0.1:6900,127.0.0.1:7000}: members found by address, no multicast. */
        String mode() {
            StringBuilder members = new StringBuilder("tcpip:");
            for (int i = 0; i < memberPorts.size(); i++) {
                members.append(i == 0 ? "" : ",").append("127.0.0.1:").append(memberPorts.get(i));
            }
            return members.toString();
        }
    }

    public PayaraSpec {
        environment = Map.copyOf(environment);
        prebootCommands = List.copyOf(prebootCommands);
    }

    public PayaraSpec(String name, Path payaraJar, Path war, String contextRoot, int port,
                      int hazelcastStartPort, Path rootDir, Path logFile,
                      Map<String, String> environment, URI healthUrl, List<String> prebootCommands) {
        this(name, payaraJar, war, contextRoot, port, hazelcastStartPort, rootDir, logFile, environment, healthUrl,
                prebootCommands, null);
    }

    public PayaraSpec(String name, Path payaraJar, Path war, String contextRoot, int port,
                      int hazelcastStartPort, Path rootDir, Path logFile,
                      Map<String, String> environment, URI healthUrl) {
        this(name, payaraJar, war, contextRoot, port, hazelcastStartPort, rootDir, logFile, environment, healthUrl,
                List.of());
    }
}
