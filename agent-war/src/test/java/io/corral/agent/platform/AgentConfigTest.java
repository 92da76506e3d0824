package io.corral.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory and the URLs the agent accepts at start-up. */
class AgentConfigTest {

    @TempDir
    Path temp;

    private static AgentConfig config(String dataDir, String controlUrl, String pveUrl) {
        AgentConfig config = new AgentConfig();
        config.dataDir = Optional.ofNullable(dataDir);
        config.controlUrl = controlUrl;
        config.pveUrl = pveUrl;
        return config;
    }

    @Test
    void theDefaultDataDirectoryIsPrivateNotTheSharedTempDirectory() {
        Path dir = config(null, "https://cp:8443", "https://pve:8006").dataDirLocation();

        assertThat(dir.toAbsolutePath().normalize().toString())
                .doesNotStartWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize().toString());
        assertThat(dir.getFileName().toString()).isIn(".corral-agent", "corral-agent");
    }

    @Test
    void aMissingDataDirectoryIsCreatedOwnerOnly() throws Exception {
        Path dir = temp.resolve("state/agent");

        assertThat(config(dir.toString(), "https://cp:8443", "https://pve:8006").dataDir()).isEqualTo(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void aGroupOrWorldWritableDataDirectoryIsRefused() throws Exception {
        for (String mode : new String[] {"rwxrwxrwx", "rwxrwx---", "rwx----w-"}) {
            Path dir = Files.createDirectory(temp.resolve("shared-" + mode.replace('-', '_')));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));

            assertThatThrownBy(() -> config(dir.toString(), "https://cp:8443", "https://pve:8006").dataDir())
                    .as(mode).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("CORRAL_AGENT_DATA_DIR").hasMessageContaining("writable");
        }
    }

    @Test
    void plainHttpToAnotherHostIsRefused() {
        assertThatThrownBy(() -> config(null, "http://cp.example.com:8080", "https://pve:8006").controlUrl())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CORRAL_AGENT_CONTROL_URL")
                .hasMessageContaining("CORRAL_AGENT_ALLOW_HTTP");
        assertThatThrownBy(() -> config(null, "https://cp:8443", "http://10.0.0.9:8006").pveUrl())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CORRAL_AGENT_PVE_URL");
    }

    @Test
    void plainHttpToLoopbackAndHttpsAreAccepted() {
        AgentConfig local = config(null, "http://127.0.0.1:8080", "http://localhost:8006/");
        assertThat(local.controlUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(local.pveUrl()).isEqualTo("http://localhost:8006/");
        assertThat(config(null, "http://[::1]:8080", "https://pve:8006").controlUrl()).isEqualTo("http://[::1]:8080");
        assertThat(config(null, "https://cp.example.com", "https://pve:8006").controlUrl())
                .isEqualTo("https://cp.example.com");
    }

    @Test
    void aDataDirectoryOwnedByAnotherUserIsRefused() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("theirs"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        java.nio.file.attribute.UserPrincipal other;
        try {
            other = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir, other);
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("cannot give a directory to another user here: " + e);
            return;
        }

        assertThatThrownBy(() -> config(dir.toString(), "https://cp:8443", "https://pve:8006").dataDir())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is owned by nobody");
    }

    @Test
    void plainHttpElsewhereOnlyWhenExplicitlyAllowed() {
        AgentConfig allowed = config(null, "http://lb:8080", "http://10.0.0.9:8006");
        allowed.allowHttp = true;

        assertThat(allowed.controlUrl()).isEqualTo("http://lb:8080");
        assertThat(allowed.pveUrl()).isEqualTo("http://10.0.0.9:8006");
        assertThatThrownBy(() -> config(null, "http://127.example.com", "https://pve:8006").controlUrl())
                .isInstanceOf(IllegalStateException.class);
    }
}
