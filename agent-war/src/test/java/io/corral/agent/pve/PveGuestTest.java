package io.corral.agent.pve;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Proxmox's loose JSON (Perl): 0/1 booleans, numbers as strings, absent fields. */
class PveGuestTest {

    private static PveGuest guest(String json) {
        JsonObject object = Json.createReader(new StringReader(json)).readObject();
        return PveGuest.fromJson(object);
    }

    @Test
    void templateIsReadFromZeroOneTrueOrString() {
        assertThat(guest("{\"vmid\":100,\"template\":1}").template()).isTrue();
        assertThat(guest("{\"vmid\":100,\"template\":0}").template()).isFalse();
        assertThat(guest("{\"vmid\":100,\"template\":true}").template()).isTrue();
        assertThat(guest("{\"vmid\":100,\"template\":\"1\"}").template()).isTrue();
        assertThat(guest("{\"vmid\":100}").template()).isFalse();
    }

    @Test
    void numbersMayArriveAsStringsAndMissingOnesReadAsZero() {
        PveGuest guest = guest("{\"vmid\":\"101\",\"mem\":\"512\",\"cpu\":\"0.25\",\"type\":\"lxc\"}");

        assertThat(guest.vmid()).isEqualTo(101);
        assertThat(guest.mem()).isEqualTo(512);
        assertThat(guest.cpu()).isEqualTo(0.25);
        assertThat(guest.maxmem()).isZero();
        assertThat(guest.uptime()).isZero();
    }

    @Test
    void anEmptyOrMissingLockMeansUnlocked() {
        assertThat(guest("{\"vmid\":100,\"lock\":\"\"}").lock()).isNull();
        assertThat(guest("{\"vmid\":100,\"lock\":null}").lock()).isNull();
        assertThat(guest("{\"vmid\":100}").lock()).isNull();
        assertThat(guest("{\"vmid\":100,\"lock\":\"suspended\"}").lock()).isEqualTo("suspended");
    }
}
