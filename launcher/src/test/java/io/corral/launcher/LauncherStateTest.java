package io.corral.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class LauncherStateTest {

    @TempDir
    Path dataDir;

    @Test
    void firstRunGeneratesSecretsAndTheNextRunReusesThem() {
        LauncherState first = LauncherState.loadOrCreate(dataDir);

        assertThat(first.adminPassword()).hasSize(20);
        assertThat(first.bootstrapToken()).startsWith("corral_").hasSizeGreaterThan(40);
        assertThat(first.pveTokenSecret()).matches("[0-9a-f-]{36}");
        assertThat(first.pveRootPassword()).isNotBlank();
        assertThat(first.agentId()).isEmpty();
        assertThat(java.util.Base64.getDecoder().decode(first.vaultKey())).hasSize(32);

        LauncherState second = LauncherState.loadOrCreate(dataDir);

        assertThat(second.adminPassword()).isEqualTo(first.adminPassword());
        assertThat(second.bootstrapToken()).isEqualTo(first.bootstrapToken());
        assertThat(second.pveTokenSecret()).isEqualTo(first.pveTokenSecret());
        assertThat(second.pveRootPassword()).isEqualTo(first.pveRootPassword());
        assertThat(second.vaultKey()).isEqualTo(first.vaultKey());
    }

    @Test
    void remembersTheRegisteredAgent() {
        LauncherState.loadOrCreate(dataDir).agent("3f1c0b7e-0000-4000-8000-000000000001", "agent-token-1");

        LauncherState reloaded = LauncherState.loadOrCreate(dataDir);

        assertThat(reloaded.agentId()).contains("3f1c0b7e-0000-4000-8000-000000000001");
        assertThat(reloaded.agentToken()).contains("agent-token-1");
    }

    @Test
    void fileIsReadableByItsOwnerOnly() throws Exception {
        LauncherState state = LauncherState.loadOrCreate(dataDir);
        state.agent("id", "token");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.file()))).isEqualTo("rw-------");
        assertThat(state.file()).isEqualTo(dataDir.resolve("launcher.properties"));
        try (var files = Files.list(dataDir)) {
            assertThat(files).containsExactly(state.file());
        }
    }

    @Test
    void twoDataDirectoriesGetDifferentSecrets() {
        LauncherState a = LauncherState.loadOrCreate(dataDir.resolve("a"));
        LauncherState b = LauncherState.loadOrCreate(dataDir.resolve("b"));

        assertThat(a.adminPassword()).isNotEqualTo(b.adminPassword());
        assertThat(a.bootstrapToken()).isNotEqualTo(b.bootstrapToken());
        assertThat(a.vaultKey()).isNotEqualTo(b.vaultKey());
    }

    @Test
    void theControlPlaneGetsTheKeptVaultKeyUnlessKeysAreConfigured() {
        String key = LauncherState.loadOrCreate(dataDir).vaultKey();

        assertThat(StackSpecs.vaultEnv(java.util.Map.of(), java.util.Map.of(), key))
                .containsEntry("CORRAL_VAULT_KEYS", "1:" + key).containsEntry("CORRAL_VAULT_ACTIVE_KEY", "1");
        assertThat(StackSpecs.vaultEnv(java.util.Map.of("CORRAL_VAULT_KEYS", "2:x"), java.util.Map.of(), key)).isEmpty();
        assertThat(StackSpecs.vaultEnv(java.util.Map.of(), java.util.Map.of("CORRAL_VAULT_KEYS", "2:x"), key)).isEmpty();
    }
}
