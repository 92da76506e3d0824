package io.corral.command;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandSecretsTest {
    private static final String M = "\"" + CommandSecrets.MARKER + "\"";

    @Test
    void writeConfigContentIsHiddenAndTheRestStays() {
        String hidden = CommandSecrets.payload("ssh.write-config",
                "{\"content\":\"password=hunter2\\n\",\"path\":\"/etc/app.conf\",\"target\":\"web-1\"}");
        assertThat(hidden).doesNotContain("hunter2").contains("\"content\":" + M)
                .contains("\"path\":\"/etc/app.conf\"").contains("\"target\":\"web-1\"");
    }

    @Test
    void readConfigContentAndExecOutputAreHiddenInResults() {
        assertThat(CommandSecrets.result("ssh.read-config", "{\"content\":\"token=s3cret\",\"sha256\":\"ab\",\"size\":12}"))
                .doesNotContain("s3cret").contains("\"content\":" + M).contains("\"sha256\":\"ab\"");
        String exec = CommandSecrets.result("ssh.exec",
                "{\"exitCode\":0,\"stderr\":\"key=abc\",\"stdout\":\"pw=xyz\",\"stdoutTruncated\":false}");
        assertThat(exec).doesNotContain("abc").doesNotContain("xyz").contains("\"exitCode\":0")
                .contains("\"stdout\":" + M).contains("\"stderr\":" + M);
    }

    @Test
    void configValuesAndExecArgumentsAreHiddenTheirKeysKept() {
        String set = CommandSecrets.payload("proxmox.config.set",
                "{\"config\":{\"cipassword\":\"p4ss\",\"memory\":2048},\"node\":\"pve1\",\"vmid\":100}");
        assertThat(set).doesNotContain("p4ss").doesNotContain("2048")
                .contains("\"config\":{\"cipassword\":" + M + ",\"memory\":" + M + "}").contains("\"vmid\":100");
        assertThat(CommandSecrets.payload("ssh.exec", "{\"args\":{\"unit\":\"db\"},\"command\":\"restart\"}"))
                .contains("\"args\":{\"unit\":" + M + "}").contains("\"command\":\"restart\"");
        assertThat(CommandSecrets.result("proxmox.config.get", "{\"config\":{\"args\":\"-secret\"},\"vmid\":1}"))
                .doesNotContain("-secret").contains("\"vmid\":1");
    }

    @Test
    void typesWithoutSecretsAndMissingFieldsAreLeftAsTheyAre() {
        String status = "{\"node\":\"pve1\",\"vmid\":100}";
        assertThat(CommandSecrets.payload("proxmox.status", status)).isSameAs(status);
        assertThat(CommandSecrets.result("ssh.exec", null)).isNull();
        assertThat(CommandSecrets.result("ssh.exec", "{\"exitCode\":1}")).isEqualTo("{\"exitCode\":1}");
        assertThat(CommandSecrets.has("proxmox.status")).isFalse();
        assertThat(CommandSecrets.types()).containsExactly("proxmox.config.get", "proxmox.config.set", "ssh.exec",
                "ssh.read-config", "ssh.write-config");
    }

    @Test
    void anUnexpectedShapeIsHiddenWhole() {
        assertThat(CommandSecrets.payload("proxmox.config.set", "{\"config\":\"memory=1\"}"))
                .isEqualTo("{\"config\":" + M + "}");
    }

    @Test
    void retentionsIndexCoversExactlyTheTypesWithSecrets() throws Exception {
        String migration;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
            migration = files.map(CommandSecretsTest::read).filter(t -> t.contains("index command_secrets_uncleared"))
                    .findFirst().orElseThrow();
        }
        String predicate = CommandSecretStore.UNCLEARED;
        assertThat(migration.replaceAll("\\s+", " ")).contains(predicate);
    }

    private static String read(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
