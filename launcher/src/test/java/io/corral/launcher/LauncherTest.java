package io.corral.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LauncherTest {

    @TempDir
    Path dataDir;

    @Test
    void theGeneratedAdminPasswordIsShownOnTheFirstRunOnly() {
        LauncherState first = LauncherState.loadOrCreate(dataDir);
        assertThat(Launcher.loginLine("admin", first)).startsWith("admin / " + first.adminPassword())
                .contains("shown this once").contains(first.file().toString());

        LauncherState second = LauncherState.loadOrCreate(dataDir);
        assertThat(second.adminPassword()).isEqualTo(first.adminPassword());
        assertThat(Launcher.loginLine("admin", second)).doesNotContain(second.adminPassword())
                .contains("admin.password in " + second.file());
    }

    @Test
    void theGeneratedSecretsAreStrongEnoughForTheControlPlane() {
        LauncherState state = LauncherState.loadOrCreate(dataDir);
        assertThat(state.adminPassword()).hasSizeGreaterThanOrEqualTo(12);
        // 32 random bytes after the prefix: what the control plane asks of a bootstrap token
        assertThat(state.bootstrapToken()).matches("corral_[A-Za-z0-9_-]{43}");
        assertThat(state.dbPassword()).hasSizeGreaterThanOrEqualTo(20);
    }
}
