package io.corral.command;

import io.corral.platform.error.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** proxmox.config.set is refused at enqueue for a key outside the allow-list, with the key named. */
class ConfigSetKeysTest {

    private static CommandSettings settings(String keys) {
        CommandSettings settings = new CommandSettings();
        settings.configSetKeys = keys;
        settings.defaultExpirySeconds = 600;
        settings.maxAttempts = 3;
        settings.staleSeconds = 600;
        settings.staleByType = " ";
        return settings;
    }

    private static EnqueueRequest configSet(String payload) {
        JsonObject json = Json.createReader(new StringReader(payload)).readObject();
        return new EnqueueRequest("a", "proxmox.config.set", json, null, null, null, null, null, null, null, null);
    }

    private static ApiException refused(CommandSettings settings, String payload) {
        return catchThrowableOfType(ApiException.class, () -> EnqueuePlan.draft(configSet(payload), null, settings));
    }

    @Test
    void dangerousKeysAreRefusedByDefault() {
        for (String key : new String[] {"args", "hookscript", "hostpci0", "usb3", "serial0", "parallel0", "scsi1",
                "virtio0", "sata2", "ide2", "efidisk0", "rootfs", "mp0", "cipassword", "net", "netx"}) {
            ApiException e = refused(settings(" "), "{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"name\":\"a\",\""
                    + key + "\":\"x\"}}");
            assertThat(e).as(key).isNotNull();
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("KEY_NOT_ALLOWED");
            assertThat(e.getMessage()).startsWith("payload.config." + key + ":").contains("allowed: name,");
        }
        ApiException delete = refused(settings(" "), "{\"node\":\"pve1\",\"vmid\":100,\"config\":{},\"delete\":\"tags,args\"}");
        assertThat(delete.code()).isEqualTo("KEY_NOT_ALLOWED");
        assertThat(delete.getMessage()).startsWith("payload.delete:").contains("'args'");
    }

    @Test
    void operatorKeysPass() {
        EnqueuePlan.Draft draft = EnqueuePlan.draft(configSet("{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"name\":\"web\","
                + "\"description\":\"d\",\"tags\":\"t\",\"memory\":2048,\"cores\":2,\"net0\":\"virtio\",\"net12\":\"e1000\","
                + "\"onboot\":1,\"protection\":0,\"ipconfig0\":\"ip=dhcp\"},\"delete\":[\"balloon\"]}"), null, settings(" "));

        assertThat(draft.type().name()).isEqualTo("proxmox.config.set");
    }

    @Test
    void theListIsConfigurable() {
        CommandSettings narrow = settings("description, net[n]");

        assertThat(refused(narrow, "{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"memory\":1}}").getMessage())
                .contains("allowed: description,net[n]");
        assertThat(refused(narrow, "{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"net1\":\"x\"}}")).isNull();
        assertThat(refused(settings("args"), "{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"args\":\"-x\"}}")).isNull();
    }

    @Test
    void theDefaultIsTheAgentContracts() throws Exception {
        String contract = java.nio.file.Files.readString(java.nio.file.Path.of(
                System.getProperty("corral.contract", "docs/agent-contract.json")));
        try (var reader = Json.createReader(new StringReader(contract))) {
            assertThat(ConfigSetKeys.DEFAULT).isEqualTo(reader.readObject().getString("configSetKeys"));
        }
    }

    @Test
    void otherTypesAreNotConcerned() {
        JsonObject payload = Json.createObjectBuilder().add("node", "pve1").add("vmid", 100).add("args", "x").build();
        EnqueueRequest status = new EnqueueRequest("a", "proxmox.status", payload, null, null, null, null, null, null,
                null, null);

        assertThat(EnqueuePlan.draft(status, null, settings(" ")).type().name()).isEqualTo("proxmox.status");
    }
}
