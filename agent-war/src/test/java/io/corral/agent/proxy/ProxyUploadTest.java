package io.corral.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.Await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streamed request bodies (uploads: above 1 MiB, or chunked) against the real proxy, from real slow
 * clients on raw sockets (plain HTTP listener): at most {@value ProxyHandler#STREAMED_BODIES} at
 * once, and each within the upload deadline.
 */
class ProxyUploadTest {

    private static final String CONFIG = "/api2/json/nodes/pve1/qemu/102/config";
    private static final long UPLOAD_LENGTH = 2L * 1024 * 1024;

    private final List<Socket> sockets = new ArrayList<>();
    private final ExecutorService tricklers = Executors.newCachedThreadPool();
    private ProxyFixture fixture;

    @AfterEach
    void stop() throws IOException {
        tricklers.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void anUploadThatKeepsTricklingIsCutOffAtTheUploadDeadline() throws Exception {
        fixture = start(Duration.ofSeconds(2));
        Socket upload = slowUpload();
        // One byte every 100 ms: never idle, never done (2 MiB would take days).
        tricklers.submit(() -> {
            try {
                OutputStream out = upload.getOutputStream();
                while (!Thread.currentThread().isInterrupted()) {
                    out.write('a');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // closed by the proxy, or the test is over
            }
            return null;
        });

        assertThat(ProxyFixture.closedByTheProxy(upload)).as("the trickling upload's connection was closed").isTrue();
        assertThat(chunkedPostStatus()).as("an upload afterwards is served").isEqualTo(200);
    }

    @Test
    void atMostEightUploadsStreamAtOnceAndAFinishedOneMakesRoom() throws Exception {
        fixture = start(Duration.ofSeconds(120));
        List<Socket> streaming = new ArrayList<>();
        Await.until("eight slow uploads streaming", Duration.ofSeconds(60), () -> {
            Socket upload = streamingUpload();
            if (upload != null) {
                streaming.add(upload);
            }
            return streaming.size() == ProxyHandler.STREAMED_BODIES;
        });

        Await.until("a ninth upload refused 503", Duration.ofSeconds(30), () -> chunkedPostStatus() == 503);
        PveApiClient.Response version = fixture.client().readTimeout(20_000).get("/version");
        assertThat(version.status()).as("calls without a body still pass").isEqualTo(200);

        streaming.get(0).close();
        Await.until("room again for an upload once one ended", Duration.ofSeconds(30),
                () -> chunkedPostStatus() == 200);
    }

    /** Starts a slow upload: the socket if the proxy streams it (no answer within a second), else null. */
    private Socket streamingUpload() {
        try {
            Socket socket = slowUpload();
            socket.setSoTimeout(1000);
            socket.getInputStream().read(); // an answer (or a close) here: not streamed
            return null;
        } catch (SocketTimeoutException e) {
            return sockets.get(sockets.size() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProxyFixture start(Duration uploadTimeout) {
        return ProxyFixture.start(UnaryOperator.identity(), ProxyFixture.gateSettings(4),
                // Requests Proxmox leaves waiting (the slow bodies hold guest 102's config) end in 10 s.
                s -> s.withListener("127.0.0.1", 0, true).withUpstreamTimeout(Duration.ofSeconds(10))
                        .withLimits(new ProxyLimits(Duration.ofSeconds(30), Duration.ofSeconds(30),
                                Duration.ofSeconds(30), 1000).withUploadTimeout(uploadTimeout)));
    }

    /** A POST announcing a 2 MiB body (streamed, not buffered) of which only the first bytes are sent. */
    private Socket slowUpload() throws IOException {
        Socket socket = new Socket("127.0.0.1", fixture.proxy.port());
        sockets.add(socket);
        socket.getOutputStream().write(("POST " + CONFIG + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: PVEAPIToken=" + ProxyFixture.TOKEN + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + UPLOAD_LENGTH + "\r\n\r\n"
                + "description=").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** A small chunked (so: streamed) POST on a connection of its own; the answer's status, -1 if none. */
    private int chunkedPostStatus() {
        try (Socket socket = new Socket("127.0.0.1", fixture.proxy.port())) {
            socket.setSoTimeout(30_000);
            String body = "description=x";
            socket.getOutputStream().write(("POST " + CONFIG + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: PVEAPIToken=" + ProxyFixture.TOKEN + "\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            String line = answer.lines().findFirst().orElse("");
            return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
