package io.corral.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which requests are clones (and so go through the gate), however the path is spelled. */
class CloneRequestTest {

    @Test
    void recognisesQemuAndLxcClonesInBothFormats() {
        assertThat(CloneRequest.match("POST", "/api2/json/nodes/pve1/qemu/9000/clone"))
                .contains(new CloneRequest("pve1", "qemu", 9000));
        assertThat(CloneRequest.match("POST", "/api2/extjs/nodes/pve2/lxc/9100/clone"))
                .contains(new CloneRequest("pve2", "lxc", 9100));
    }

    @Test
    void otherSpellingsOfTheSamePathCannotSlipPastTheGate() {
        assertThat(CloneRequest.match("POST", "/api2/json/nodes/pve1/qemu/9000/clon%65")).isPresent();
        assertThat(CloneRequest.match("POST", "/api2/json//nodes/pve1/qemu/9000/clone/")).isPresent();
        assertThat(CloneRequest.match("post", "/api2/json/nodes/pve1/qemu/9000/clone")).isPresent();
        assertThat(CloneRequest.match("POST", "/api2/json/nodes/pve1/%71emu/9000/clone")).isPresent();
    }

    @Test
    void leavesEverythingElseAlone() {
        assertThat(CloneRequest.match("GET", "/api2/json/nodes/pve1/qemu/9000/clone")).isEmpty();
        assertThat(CloneRequest.match("POST", "/api2/json/nodes/pve1/qemu/9000/status/start")).isEmpty();
        assertThat(CloneRequest.match("POST", "/api2/json/nodes/pve1/qemu/9000/clone/extra")).isEmpty();
    }

    @Test
    void readsTheTargetStorageFromQueryFormOrJson() {
        assertThat(CloneRequest.storageParameter("storage=local-lvm", null, null)).isEqualTo("local-lvm");
        assertThat(CloneRequest.storageParameter(null, "application/x-www-form-urlencoded",
                "newid=101&storage=ceph%2Dpool&full=1".getBytes(StandardCharsets.UTF_8))).isEqualTo("ceph-pool");
        assertThat(CloneRequest.storageParameter(null, "application/json",
                "{\"newid\":101,\"storage\":\"zfs\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo("zfs");
        assertThat(CloneRequest.storageParameter(null, null, "newid=101".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(CloneRequest.storageParameter(null, "application/json", "{oops".getBytes(StandardCharsets.UTF_8)))
                .isNull();
    }

    @Test
    void findsTheUpidInJsonAndExtjsAnswers() {
        String upid = "UPID:pve1:0000ABCD:0001E240:6560F000:qmclone:9000:root@pam:";
        assertThat(Relay.upidOf(("{\"data\":\"" + upid + "\"}").getBytes(StandardCharsets.UTF_8))).isEqualTo(upid);
        assertThat(Relay.upidOf(("{\"success\":1,\"data\":\"" + upid + "\"}").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(upid);
        assertThat(Relay.upidOf("{\"data\":null}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(Relay.upidOf("<html>".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
