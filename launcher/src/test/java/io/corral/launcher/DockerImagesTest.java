package io.corral.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.corral.launcher.DockerFiles.Instruction;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The images of {@code docker/} start Payara Micro as {@code ./corral run} does: the official
 * image of the build's Payara version, the launcher's JVM options and pre-boot commands (read
 * from the launcher's own constants, so the two cannot drift), the WAR the build makes.
 */
class DockerImagesTest {

    private static final String LOOPBACK_LISTENER =
            "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1";

    @Test
    void payaraImagesAreTheOfficialImageOfTheBuildsPayaraVersion() throws IOException {
        String expected = "payara/micro:" + DockerFiles.pomValue("build/pom.xml", "payara.version") + "-jdk17";
        for (String image : List.of("control-plane", "agent")) {
            assertThat(DockerFiles.only(DockerFiles.dockerfile(image), "FROM").arguments()).as(image).isEqualTo(expected);
        }
    }

    @Test
    void controlPlanePrebootHasTheLaunchersCommandsAndListensOnEveryAddress() throws IOException {
        List<String> expected = new ArrayList<>(containerCommands());
        expected.addAll(StackSpecs.CONTROL_PLANE_PREBOOT);
        assertThat(DockerFiles.prebootCommands("control-plane")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void agentPrebootHasTheLaunchersCommandsWithoutTheBatchSettings() throws IOException {
        assertThat(DockerFiles.prebootCommands("agent")).containsExactlyInAnyOrderElementsOf(containerCommands());
    }

    // In a container the listener must take connections from other containers: the launcher's
    // loopback-only address is the one command left out.
    private static List<String> containerCommands() {
        assertThat(PayaraProcess.PREBOOT_COMMANDS).contains(LOOPBACK_LISTENER);
        return PayaraProcess.PREBOOT_COMMANDS.stream().filter(c -> !c.equals(LOOPBACK_LISTENER)).toList();
    }

    @Test
    void controlPlaneImageDeploysTheBuiltWarAtTheRootWithItsPrebootFile() throws IOException {
        assertStartsPayara("control-plane", "target/" + DockerFiles.pomValue("pom.xml", "finalName") + ".war", "/");
    }

    @Test
    void agentImageDeploysTheBuiltWarUnderAgentWithItsPrebootFile() throws IOException {
        assertStartsPayara("agent", "agent-war/target/" + DockerFiles.pomValue("agent-war/pom.xml", "finalName") + ".war",
                "/agent");
    }

    private static void assertStartsPayara(String image, String war, String contextRoot) throws IOException {
        List<Instruction> file = DockerFiles.dockerfile(image);
        List<String> entrypoint = DockerFiles.only(file, "ENTRYPOINT").execForm();
        assertThat(entrypoint).as("JVM options of ./corral run").containsAll(PayaraThreads.JVM_OPTIONS);
        assertThat(entrypoint.subList(entrypoint.indexOf("-jar"), entrypoint.size()))
                .as("no JVM option after -jar").noneMatch(arg -> arg.startsWith("-D") || arg.startsWith("-XX"));
        assertThat(DockerFiles.flagValue(entrypoint, "--deploy"))
                .as("deploys the WAR copied from " + war).isEqualTo(DockerFiles.copyDestination(file, war)).isPresent();
        assertThat(DockerFiles.flagValue(entrypoint, "--prebootcommandfile"))
                .isEqualTo(DockerFiles.copyDestination(file, "docker/" + image + "/preboot.asadmin")).isPresent();
        assertThat(DockerFiles.flagValue(entrypoint, "--contextroot")).contains(contextRoot);
        assertThat(entrypoint).contains("--disablephonehome");
        List<String> health = DockerFiles.only(file, "HEALTHCHECK").execForm();
        assertThat(DockerFiles.copyDestination(file, "docker/payara/http-ok.sh")).contains(health.get(0));
        assertThat(health.get(2)).startsWith(contextRoot.equals("/") ? "/api/v1/health" : contextRoot + "/api/health");
    }

    @Test
    void eachImagesBuildContextHoldsExactlyWhatItCopies() throws IOException {
        for (String image : List.of("control-plane", "agent", "pve-sim")) {
            List<String> ignore = Files.readAllLines(DockerFiles.docker().resolve(image).resolve("Dockerfile.dockerignore"))
                    .stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            List<String> copied = DockerFiles.dockerfile(image).stream().filter(i -> i.keyword().equals("COPY"))
                    .map(i -> i.copyWords().get(0)).toList();
            assertThat(ignore).as(image + ": everything left out").startsWith("*");
            assertThat(ignore.subList(1, ignore.size())).as(image + ": the files let in")
                    .containsExactlyInAnyOrderElementsOf(copied.stream().map(source -> "!" + source).toList());
        }
    }

    @Test
    void noImageCarriesASecret() throws IOException {
        for (String image : List.of("control-plane", "agent", "pve-sim")) {
            assertThat(DockerFiles.dockerfile(image))
                    .as(image + ": secrets come from the environment at run time")
                    .filteredOn(i -> i.keyword().equals("ENV") || i.keyword().equals("ARG"))
                    .noneMatch(i -> i.arguments().matches("(?i).*(PASSWORD|TOKEN|SECRET|KEYS|FINGERPRINT).*"));
        }
    }

    @Test
    void simulatorImageRunsTheStandaloneJarOnEveryAddress() throws IOException {
        List<Instruction> file = DockerFiles.dockerfile("pve-sim");
        assertThat(DockerFiles.only(file, "FROM").arguments()).startsWith("eclipse-temurin:17-jre");
        assertThat(DockerFiles.pomValue("pve-sim/pom.xml", "shadedClassifierName")).isEqualTo("all");
        List<String> entrypoint = DockerFiles.only(file, "ENTRYPOINT").execForm();
        assertThat(DockerFiles.flagValue(entrypoint, "-jar"))
                .isEqualTo(DockerFiles.copyDestination(file, "pve-sim/target/corral-pve-sim-*-all.jar")).isPresent();
        assertThat(DockerFiles.flagValue(entrypoint, "--bind")).contains("0.0.0.0");
    }

    @Test
    void healthScriptIsHealthyOnlyFor200() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/starting", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            assertThat(healthScript(port, "/ok")).isZero();
            assertThat(healthScript(port, "/starting")).isNotZero();
            assertThat(healthScript(port, "/missing")).isNotZero();
        } finally {
            server.stop(0);
        }
        assertThat(healthScript(closedPort(), "/ok")).isNotZero();
    }

    private static int healthScript(int port, String path) throws IOException, InterruptedException {
        Path script = DockerFiles.docker().resolve("payara/http-ok.sh");
        Process process = new ProcessBuilder(Stream.of("bash", script.toString(), Integer.toString(port), path).toList())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("http-ok.sh finished").isTrue();
        return process.exitValue();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
