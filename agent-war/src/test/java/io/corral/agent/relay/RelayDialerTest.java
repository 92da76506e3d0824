package io.corral.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.corral.agent.control.ControlPlaneSettings;
import io.corral.agent.executor.CommandFailure;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Where the agent looks for a guest's desktop, and what it says when it cannot reach it or dial back. */
class RelayDialerTest {
    private static final String RELAY = "6f1c2a1e-3b4d-4c5e-8f90-a1b2c3d4e5f6";

    @Test
    void theTemplateIsFilledWithTheGuestsNodeVmidAndName() throws CommandFailure {
        assertThat(DesktopAddress.of("ws://{name}.vms.example:6080/websockify", "pve1", 100, "web-1"))
                .isEqualTo(URI.create("ws://web-1.vms.example:6080/websockify"));
        assertThat(DesktopAddress.of("wss://desk.example/{node}/{vmid}", "pve2", 103, null))
                .isEqualTo(URI.create("wss://desk.example/pve2/103"));
    }

    @Test
    void aNameThatWouldBendTheUrlOrAnotherSchemeIsRefused() {
        for (String name : new String[] {null, "evil/../x", "a@b", "x:1", "-lead"}) {
            CommandFailure f = catchThrowableOfType(CommandFailure.class,
                    () -> DesktopAddress.of("ws://{name}:6080/websockify", "pve1", 100, name));
            assertThat(f).as(name).isNotNull();
            assertThat(f.code()).isEqualTo(CommandFailure.INVALID_PAYLOAD);
        }
        CommandFailure http = catchThrowableOfType(CommandFailure.class,
                () -> DesktopAddress.of("http://{name}:6080/", "pve1", 100, "web-1"));
        assertThat(http.code()).isEqualTo(RelayFailures.DESKTOP_URL_INVALID);
    }

    @Test
    void anUnreachableGuestIsReportedWithItsAddress() throws IOException {
        int guestPort = closedPort();
        RelayDialer dialer = new RelayDialer(new ControlPlaneSettings("http://127.0.0.1:" + closedPort(), "cag_x",
                Duration.ofSeconds(1)), new DesktopSettings("ws://127.0.0.1:" + guestPort + "/{vmid}", Duration.ofSeconds(1)));

        CommandFailure f = catchThrowableOfType(CommandFailure.class,
                () -> dialer.open(RELAY, URI.create("ws://127.0.0.1:" + guestPort + "/100")));

        assertThat(f.code()).isEqualTo(RelayFailures.GUEST_UNREACHABLE);
        assertThat(f.getMessage()).isEqualTo("guest desktop 127.0.0.1:" + guestPort + " unreachable: connection refused");
        assertThat(dialer.live()).isZero();
    }

    @Test
    void aGuestThatNeverAnswersTheUpgradeTimesOut() throws IOException {
        RelayDialer dialer = new RelayDialer(new ControlPlaneSettings("http://127.0.0.1:" + closedPort(), "cag_x",
                Duration.ofSeconds(1)), new DesktopSettings(DesktopSettings.DEFAULT_URL, Duration.ofSeconds(1)));
        try (ServerSocket guest = new ServerSocket(0)) {
            // A socket that accepts but never answers the upgrade.
            CommandFailure f = catchThrowableOfType(CommandFailure.class,
                    () -> dialer.open(RELAY, URI.create("ws://127.0.0.1:" + guest.getLocalPort() + "/")));
            assertThat(f.code()).isEqualTo(RelayFailures.GUEST_UNREACHABLE);
            assertThat(f.getMessage()).contains("unreachable");
        }
    }

    @Test
    void aDialBackTheControlPlaneNeverAnsweredIsTriedAgainWithinTheRelaysWait() throws Exception {
        try (WebSocketPeer guest = WebSocketPeer.greeting("RFB 003.008\n", 0);
             WebSocketPeer controlPlane = WebSocketPeer.greeting(null, 1)) {
            RelayDialer dialer = new RelayDialer(new ControlPlaneSettings(controlPlane.httpUrl(), "cag_x",
                    Duration.ofSeconds(1)), new DesktopSettings("ws://127.0.0.1:" + guest.port() + "/{vmid}",
                    Duration.ofSeconds(5)));

            long t0 = System.nanoTime();
            dialer.open(RELAY, URI.create("ws://127.0.0.1:" + guest.port() + "/100"), Duration.ofSeconds(10), "cp-2");

            assertThat(controlPlane.requests()).as("upgrade requests").isEqualTo(2);
            assertThat(controlPlane.lastTarget()).as("the instance holding the relay, for a balancer")
                    .isEqualTo(RelayDialer.SOCKET_PATH + RELAY + "?instance=cp-2");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("one unanswered try, then one answered")
                    .isBetween(RelayDialer.DIAL_BACK_ATTEMPT, Duration.ofSeconds(9));
            assertThat(controlPlane.awaitText()).isEqualTo("Bearer cag_x");
            assertThat(controlPlane.awaitBinary()).isEqualTo("RFB 003.008\n");
            assertThat(dialer.live()).isOne();
            dialer.close();
        }
    }

    @Test
    void aControlPlaneThatNeverAnswersFailsTheDialBackWhenTheRelayStopsWaiting() throws Exception {
        try (WebSocketPeer guest = WebSocketPeer.greeting("RFB 003.008\n", 0);
             WebSocketPeer controlPlane = WebSocketPeer.greeting(null, Integer.MAX_VALUE)) {
            RelayDialer dialer = new RelayDialer(new ControlPlaneSettings(controlPlane.httpUrl(), "cag_x",
                    Duration.ofSeconds(1)), new DesktopSettings("ws://127.0.0.1:" + guest.port() + "/{vmid}",
                    Duration.ofSeconds(5)));

            long t0 = System.nanoTime();
            CommandFailure f = catchThrowableOfType(CommandFailure.class, () -> dialer.open(RELAY,
                    URI.create("ws://127.0.0.1:" + guest.port() + "/100"), Duration.ofSeconds(4), null));

            assertThat(f.code()).isEqualTo(RelayFailures.DIAL_BACK_FAILED);
            assertThat(f.getMessage()).matches("cannot dial back to the control plane \\(2 tries\\): "
                    + "no answer within 3000 ms; no answer within \\d{3,4} ms");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(7));
            assertThat(controlPlane.requests()).isEqualTo(2);
            assertThat(dialer.live()).isZero();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
