package io.corral.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

    @Test
    void defaultsFitALocalRun() {
        LaunchOptions options = CommandLine.parse(List.of(), Map.of());

        assertThat(options.dataDir()).isEqualTo(Path.of(".corral").toAbsolutePath().normalize());
        assertThat(options.httpPort()).isEqualTo(8080);
        assertThat(options.agentPort()).isEqualTo(8081);
        assertThat(options.pvePort()).isEqualTo(8006);
        assertThat(options.dbPort()).isEqualTo(15432);
        assertThat(options.externalDbUrl()).isEmpty();
        assertThat(options.stackDir()).isEmpty();
        assertThat(options.heartbeatSeconds()).isEqualTo(10);
        assertThat(options.agentTtlSeconds()).isEqualTo(30);
        assertThat(options.pveSeed()).isEmpty();
    }

    @Test
    void aSeedFileForTheSimulator() {
        assertThat(CommandLine.parse(List.of("--pve-seed", "/tmp/fleet.json"), Map.of()).pveSeed())
                .contains(Path.of("/tmp/fleet.json"));
        assertThat(CommandLine.parse(List.of(), Map.of("CORRAL_PVE_SEED", "/tmp/env.json")).pveSeed())
                .contains(Path.of("/tmp/env.json"));
    }

    @Test
    void flagsInBothSpellings() {
        LaunchOptions options = CommandLine.parse(List.of("--data-dir", "/tmp/c", "--http-port=0",
                "--agent-port", "9091", "--pve-port=9006", "--db-port", "0", "--heartbeat-seconds", "2",
                "--agent-ttl-seconds=6", "--stack-dir", "/opt/stack"), Map.of());

        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/c"));
        assertThat(options.httpPort()).isZero();
        assertThat(options.agentPort()).isEqualTo(9091);
        assertThat(options.pvePort()).isEqualTo(9006);
        assertThat(options.dbPort()).isZero();
        assertThat(options.heartbeatSeconds()).isEqualTo(2);
        assertThat(options.agentTtlSeconds()).isEqualTo(6);
        assertThat(options.stackDir()).contains(Path.of("/opt/stack"));
    }

    @Test
    void environmentFillsWhatTheFlagsLeaveOut() {
        Map<String, String> env = Map.of("CORRAL_HTTP_PORT", "18080", "CORRAL_DATA_DIR", "/tmp/env",
                "CORRAL_DB_URL", "jdbc:postgresql://db:5432/corral", "CORRAL_DB_USER", "corral",
                "CORRAL_DB_PASSWORD", "s3cret", "CORRAL_AGENT_TTL_SECONDS", "12");

        LaunchOptions options = CommandLine.parse(List.of("--http-port", "28080"), env);

        assertThat(options.httpPort()).as("flag beats env").isEqualTo(28080);
        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/env"));
        assertThat(options.externalDbUrl()).contains("jdbc:postgresql://db:5432/corral");
        assertThat(options.dbUser()).isEqualTo("corral");
        assertThat(options.dbPassword()).isEqualTo("s3cret");
        assertThat(options.agentTtlSeconds()).isEqualTo(12);
    }

    @Test
    void blankDatabaseUrlMeansEmbedded() {
        assertThat(CommandLine.parse(List.of(), Map.of("CORRAL_DB_URL", " ")).externalDbUrl()).isEmpty();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("--http-port", "web"), Map.of()))
                .hasMessageContaining("--http-port").hasMessageContaining("'web'");
        assertThatThrownBy(() -> CommandLine.parse(List.of(), Map.of("CORRAL_AGENT_PORT", "x")))
                .hasMessageContaining("CORRAL_AGENT_PORT");
        assertThatThrownBy(() -> CommandLine.parse(List.of("--colour", "red"), Map.of()))
                .hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> CommandLine.parse(List.of("--db-port"), Map.of()))
                .hasMessageContaining("--db-port needs a value");
        assertThatThrownBy(() -> CommandLine.parse(List.of("--http-port", "70000"), Map.of()))
                .hasMessageContaining("0..65535");
        assertThatThrownBy(() -> CommandLine.parse(List.of("--heartbeat-seconds", "0"), Map.of()))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> CommandLine.parse(List.of("8080"), Map.of()))
                .hasMessageContaining("unexpected argument '8080'");
    }

    @Test
    void helpDocumentsEveryFlagAndItsEnvironmentVariable() {
        String help = CommandLine.help();

        for (LaunchOption option : LaunchOption.values()) {
            assertThat(help).contains(option.flag).contains(option.envVar);
        }
    }
}
