package io.corral.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow and idle clients against the proxy's inbound limits (plain HTTP listener, so that the raw
 * sockets below speak HTTP without a TLS library), with limits of one second.
 */
class ProxyTimeoutTest {

    private static final int QUEUE = 4;
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() {
        fixture = ProxyFixture.start(UnaryOperator.identity(), ProxyFixture.gateSettings(QUEUE),
                s -> s.withListener("127.0.0.1", 0, true).withLimits(new ProxyLimits(Duration.ofSeconds(1),
                        Duration.ofSeconds(1), Duration.ofSeconds(1), 1000)));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void slowBodiesDoNotPinTheWorkersAndAreClosed() throws Exception {
        int slow = QUEUE + PveProxyServer.FORWARDING_THREADS + 16; // more than there are worker threads
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < slow; i++) {
                Socket socket = new Socket("127.0.0.1", fixture.proxy.port());
                socket.getOutputStream().write(("POST /api2/json/nodes/pve1/qemu/102/config HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nAuthorization: PVEAPIToken=" + ProxyFixture.TOKEN + "\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
                        + "description=slow").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                sockets.add(socket);
            }

            PveApiClient.Response normal = new PveApiClient(fixture.proxyRoot(), null).token(ProxyFixture.TOKEN)
                    .readTimeout(20_000).get("/version");

            assertThat(normal.status()).isEqualTo(200);
            for (Socket socket : sockets) {
                assertThat(ProxyFixture.closedByTheProxy(socket)).as("a slow body's connection was closed").isTrue();
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void headersThatNeverEndAreCutOff() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", fixture.proxy.port())) {
            socket.getOutputStream().write("GET /api2/json/version HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            assertThat(ProxyFixture.closedByTheProxy(socket)).isTrue();
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", fixture.proxy.port())) {
            assertThat(ProxyFixture.closedByTheProxy(socket)).isTrue();
        }
    }

    @Test
    void connectionsBeyondTheCapWaitUntilOthersClose() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ProxyFixture capped = ProxyFixture.start(UnaryOperator.identity(), ProxyFixture.gateSettings(QUEUE),
                s -> s.withListener("127.0.0.1", 0, true).withLimits(new ProxyLimits(Duration.ofSeconds(30),
                        Duration.ofSeconds(30), Duration.ofSeconds(30), 2)))) {
            assertThat(rawGet(capped.proxy.port())).as("warm-up").startsWith("HTTP/1.1 200");
            Socket first = new Socket("127.0.0.1", capped.proxy.port());
            Socket second = new Socket("127.0.0.1", capped.proxy.port());
            Future<String> third = pool.submit(() -> rawGet(capped.proxy.port()));

            assertThatThrownBy(() -> third.get(2, TimeUnit.SECONDS)).as("not served while two are open")
                    .isInstanceOf(TimeoutException.class);
            first.close();
            second.close();
            assertThat(third.get(20, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
        } finally {
            pool.shutdownNow();
        }
    }

    /** GET /version on a connection of its own (closed after the answer); the answer's status line. */
    private static String rawGet(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /api2/json/version HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + "PVEAPIToken=" + ProxyFixture.TOKEN + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return answer.lines().findFirst().orElse("");
        }
    }
}
