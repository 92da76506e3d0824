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

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
