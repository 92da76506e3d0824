package io.corral.command;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LockKeysTest {
    private static final UUID AGENT = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

    @Test
    void aCommandThatChangesAGuestHoldsThatGuest() {
        assertThat(LockKeys.of(null, AGENT, "proxmox.start",
                Json.createObjectBuilder().add("node", "pve1").add("vmid", 101).build()))
                .containsExactly("vm:" + AGENT + "/pve1/101");
    }

    @Test
    void aCloneHoldsItsNewGuestOnTheTargetNodeAndItsTemplate() {
        assertThat(LockKeys.of(null, AGENT, "proxmox.clone", Json.createObjectBuilder().add("node", "pve1")
                .add("vmid", 9000).add("newid", 10001).add("target", "pve2").build()))
                .containsExactly("vm:" + AGENT + "/pve2/10001", "template:" + AGENT + "/pve1/9000");
    }

    @Test
    void theCallersKeyReplacesTheAutomaticOnes() {
        assertThat(LockKeys.of("mine", AGENT, "proxmox.start",
                Json.createObjectBuilder().add("node", "pve1").add("vmid", 101).build())).containsExactly("mine");
    }

    @Test
    void readsAndWaitsHoldNothing() {
        assertThat(LockKeys.of(null, AGENT, "proxmox.status",
                Json.createObjectBuilder().add("node", "pve1").add("vmid", 101).build())).isNull();
        assertThat(LockKeys.of(null, AGENT, "proxmox.wait-vm-status", Json.createObjectBuilder().add("node", "pve1")
                .add("vmid", 101).add("status", "running").build())).isNull();
    }
}
