package io.corral.relay;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Pairing, pumping and ending of one relay, with sockets stood in for by recording ends. */
class RelayTest {
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-29T12:00:00Z");
    private static final UUID AGENT = UUID.randomUUID();
    private static final String TICKET_HASH = "hash-of-the-ticket";

    /** Records what a socket was sent and how it was closed. */
    static final class Recording implements RelayEnd {
        final List<String> received = new ArrayList<>();
        Integer closeCode;
        String closeReason;
        boolean broken;

        @Override
        public void send(ByteBuffer bytes) throws IOException {
            if (broken) {
                throw new IOException("broken pipe");
            }
            received.add(StandardCharsets.US_ASCII.decode(bytes).toString());
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
            closeReason = reason;
        }
    }

    private final Recording browser = new Recording();
    private final Recording agent = new Recording();
    private final Relay relay = new Relay(new RelayTarget(UUID.randomUUID(), UUID.randomUUID(), AGENT, "pve1", 100,
            "web-1"), "admin", TICKET_HASH, NOW, NOW.plusSeconds(60));

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theTicketOpensTheBrowserSideOnceBeforeItExpires() {
        assertThat(relay.attachBrowser("other", browser, NOW)).isEqualTo("wrong ticket for this relay");
        assertThat(relay.attachBrowser(TICKET_HASH, browser, NOW.plusSeconds(61))).startsWith("the ticket expired");
        assertThat(relay.attachBrowser(TICKET_HASH, browser, NOW)).isNull();
        assertThat(relay.state()).isEqualTo(RelayState.WAITING_FOR_AGENT);
        assertThat(relay.attachBrowser(TICKET_HASH, new Recording(), NOW)).contains("used already");
    }

    @Test
    void onlyTheRelaysAgentPairsAndOnlyOnce() {
        relay.attachBrowser(TICKET_HASH, browser, NOW);
        assertThat(relay.attachAgent(UUID.randomUUID(), agent, NOW)).isEqualTo("this relay belongs to another agent");
        assertThat(relay.attachAgent(AGENT, agent, NOW)).isNull();
        assertThat(relay.attachAgent(AGENT, new Recording(), NOW)).isEqualTo("the relay is connected");
        assertThat(relay.view().state()).isEqualTo("connected");
    }

    @Test
    void bytesFlowBothWaysAndAreCountedAndWhatTheBrowserSentEarlyIsFlushedAtPairing() {
        relay.attachBrowser(TICKET_HASH, browser, NOW);
        relay.fromBrowser(bytes("early"), NOW);
        relay.attachAgent(AGENT, agent, NOW);
        relay.fromAgent(bytes("RFB 003.008\n"), NOW);
        relay.fromBrowser(bytes("RFB 003.008\n"), NOW);

        assertThat(agent.received).containsExactly("early", "RFB 003.008\n");
        assertThat(browser.received).containsExactly("RFB 003.008\n");
        RelayView view = relay.view();
        assertThat(view.bytesToGuest()).isEqualTo(17);
        assertThat(view.bytesToBrowser()).isEqualTo(12);
    }

    @Test
    void theBrowserLeavingClosesTheRelayAndTheAgentsSocket() {
        relay.attachBrowser(TICKET_HASH, browser, NOW);
        relay.attachAgent(AGENT, agent, NOW);
        relay.browserClosed(1001, NOW.plusSeconds(5));

        assertThat(relay.view().state()).isEqualTo("closed");
        assertThat(relay.view().closedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(agent.closeCode).isEqualTo(1000);
        assertThat(relay.view().lastError()).isNull();
    }

    @Test
    void anAgentThatDropsWithoutACloseFrameIsAFailureTheBrowserIsToldAbout() {
        relay.attachBrowser(TICKET_HASH, browser, NOW);
        relay.attachAgent(AGENT, agent, NOW);
        relay.agentClosed(1006, "", NOW);

        assertThat(relay.view().state()).isEqualTo("failed");
        assertThat(relay.view().lastError()).isEqualTo("agent disconnected (WebSocket close 1006)");
        assertThat(browser.closeCode).isEqualTo(RelayClose.AGENT_GONE);
        assertThat(browser.closeReason).isEqualTo("agent disconnected (WebSocket close 1006)");
    }

    @Test
    void theAgentsOwnReasonIsPassedOn() {
        relay.attachBrowser(TICKET_HASH, browser, NOW);
        relay.attachAgent(AGENT, agent, NOW);
        relay.agentClosed(4502, "guest desktop 10.0.0.5:6080 unreachable: connection refused", NOW);

        assertThat(relay.view().lastError()).isEqualTo("guest desktop 10.0.0.5:6080 unreachable: connection refused");
        assertThat(browser.closeCode).isEqualTo(4502);
    }

    @Test
    void aRelayWithoutDialBackFailsOnceAndLaterEventsChangeNothing() {
        relay.attachBrowser(TICKET_HASH, browser, NOW);
        assertThat(relay.failIf(RelayState.WAITING_FOR_AGENT, RelayClose.NO_DIAL_BACK,
                "agent did not dial back within 10 s", NOW)).isTrue();
        assertThat(relay.failIf(RelayState.WAITING_FOR_AGENT, RelayClose.NO_DIAL_BACK, "again", NOW)).isFalse();
        relay.browserClosed(1000, NOW.plusSeconds(1));

        assertThat(browser.closeCode).isEqualTo(RelayClose.NO_DIAL_BACK);
        assertThat(relay.view().state()).isEqualTo("failed");
        assertThat(relay.view().lastError()).isEqualTo("agent did not dial back within 10 s");
        assertThat(relay.attachAgent(AGENT, agent, NOW)).startsWith("the relay is failed");
    }

    @Test
    void aBrowserThatCannotBeWrittenToEndsTheRelay() {
        relay.attachBrowser(TICKET_HASH, browser, NOW);
        relay.attachAgent(AGENT, agent, NOW);
        browser.broken = true;
        relay.fromAgent(bytes("frame"), NOW);

        assertThat(relay.view().state()).isEqualTo("failed");
        assertThat(relay.view().lastError()).startsWith("could not write to the browser");
        assertThat(agent.closeCode).isEqualTo(RelayClose.RELAY_ERROR);
    }

    @Test
    void tooMuchFromTheBrowserBeforeTheAgentFails() {
        relay.attachBrowser(TICKET_HASH, browser, NOW);
        relay.fromBrowser(ByteBuffer.allocate(Relay.MAX_PENDING_BYTES + 1), NOW);

        assertThat(relay.view().state()).isEqualTo("failed");
    }

    @Test
    void closeReasonsAreCutToWhatAFrameCarries() {
        assertThat(RelayClose.reason("é".repeat(100)).getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(123);
        assertThat(DesktopResource.socketUrl(java.net.URI.create("https://corral.example/api/"), "r1", "crl_x",
                java.util.Optional.empty())).isEqualTo("wss://corral.example/relay/r1?ticket=crl_x");
        assertThat(DesktopResource.socketUrl(java.net.URI.create("http://127.0.0.1:8080/corral/api"), "r1", "crl_x",
                java.util.Optional.of("cp2"))).isEqualTo("ws://127.0.0.1:8080/corral/relay/r1?ticket=crl_x&instance=cp2");
    }
}
