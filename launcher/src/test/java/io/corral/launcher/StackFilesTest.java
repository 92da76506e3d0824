package io.corral.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackFilesTest {

    @TempDir
    Path stack;

    @Test
    void findsPayaraAndBothWars() throws Exception {
        for (String name : new String[] {"payara-micro.jar", "corral.war", "corral-agent.war"}) {
            Files.writeString(stack.resolve(name), "x");
        }

        StackFiles files = StackFiles.locate(Optional.of(stack));

        assertThat(files.payaraJar()).isEqualTo(stack.resolve("payara-micro.jar"));
        assertThat(files.controlPlaneWar()).isEqualTo(stack.resolve("corral.war"));
        assertThat(files.agentWar()).isEqualTo(stack.resolve("corral-agent.war"));
    }

    @Test
    void aMissingFileSaysHowToBuildIt() throws Exception {
        Files.writeString(stack.resolve("payara-micro.jar"), "x");

        assertThatThrownBy(() -> StackFiles.locate(Optional.of(stack)))
                .hasMessageContaining(stack.resolve("corral.war") + " not found")
                .hasMessageContaining("--stack-dir");
    }
}
