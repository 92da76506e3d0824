package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The guests' desktops: websockify-style WebSockets speaking RFB 3.8 while the guest runs. */
class GuestDesktopTest {
    private static PveSimulator sim;

    @BeforeAll
    static void start() {
        sim = Sims.fast().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static URI desktop(String node, int vmid) {
        return URI.create(sim.desktopUrlTemplate().replace("{node}", node).replace("{vmid}", Integer.toString(vmid)));
    }

    @Test
    void aRunningGuestCompletesTheRfbHandshakeAndServesItsFramebuffer() throws Exception {
        try (RfbClient client = new RfbClient(desktop("pve1", 100))) {
            RfbClient.ServerInit init = client.handshake();

            assertThat(init).isEqualTo(new RfbClient.ServerInit(1024, 768, "web-1"));
            assertThat(client.update(0, 0, 1, 1)).hasSize(4);
            assertThat(client.update(0, 0, 1024, 768)).hasSize(1024 * 768 * 4);
            assertThat(client.update(1000, 760, 100, 100)).as("clipped to the screen").hasSize(24 * 8 * 4);
        }
    }

    @Test
    void aStoppedOrUnknownGuestRefusesTheUpgrade() {
        for (URI uri : List.of(desktop("pve1", 102), desktop("pve1", 999), desktop("pve2", 100))) {
            assertThatThrownBy(() -> new RfbClient(uri)).as(uri.toString()).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class);
        }
    }

    @Test
    void theSessionParsesClientMessagesSplitAcrossChunks() {
        RfbSession rfb = new RfbSession(4, 2, "t");
        byte[] client = concat("RFB 003.008\n".getBytes(), new byte[] {1, 1},
                new byte[] {2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1}, new byte[] {4, 1, 0, 0, 0, 0, 0, 0x61},
                new byte[] {3, 0, 0, 0, 0, 0, 0, 2, 0, 1});
        int sent = 0;
        int replies = 0;
        for (byte b : client) {
            replies += rfb.receive(new byte[] {b}).size();
            sent++;
        }
        assertThat(sent).isEqualTo(client.length);
        assertThat(replies).as("security types, result, ServerInit, one update").isEqualTo(4);
        assertThat(rfb.closed()).isFalse();
        assertThat(rfb.receive(new byte[] {(byte) 99})).isEmpty();
        assertThat(rfb.failure()).contains("unknown client message type 99");
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
