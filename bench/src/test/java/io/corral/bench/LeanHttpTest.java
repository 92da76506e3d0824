package io.corral.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class LeanHttpTest {

    private HttpServer server;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final List<String> requestBodies = new CopyOnWriteArrayList<>();

    private String start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            byte[] in = exchange.getRequestBody().readAllBytes();
            requestBodies.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + new String(in, StandardCharsets.UTF_8));
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/empty")) {
                exchange.sendResponseHeaders(204, -1);
            } else if (path.equals("/chunked")) {
                exchange.sendResponseHeaders(200, 0); // chunked
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 10_000; i++) {
                        out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                        if (i % 1000 == 0) {
                            out.flush();
                        }
                    }
                }
            } else {
                byte[] body = ("{\"echo\":" + in.length + "}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(201, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void keepsOneConnectionAcrossContentLengthChunkedAndEmptyAnswers() throws Exception {
        try (LeanHttp http = new LeanHttp(start())) {
            byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
            byte[] bearer = LeanHttp.bearer("t0k");
            assertThat(http.send(RequestCounts.Kind.OTHER, "POST", "/x", bearer, body, body.length, 5000)).isEqualTo(201);
            assertThat(http.bodyText()).isEqualTo("{\"echo\":7}");
            assertThat(http.send(RequestCounts.Kind.OTHER, "GET", "/empty", bearer, null, 0, 5000)).isEqualTo(204);
            assertThat(http.bodyLength()).isZero();
            assertThat(http.send(RequestCounts.Kind.OTHER, "GET", "/chunked", null, null, 0, 5000)).isEqualTo(200);
            String text = http.bodyText();
            assertThat(text).startsWith("line 0\n").endsWith("line 9999\n");
            assertThat(text.lines().count()).isEqualTo(10_000);
            assertThat(http.send(RequestCounts.Kind.OTHER, "POST", "/y?q=1", bearer, body, 3, 5000)).isEqualTo(201);
            assertThat(http.bodyText()).isEqualTo("{\"echo\":3}");
        }
        assertThat(clientPorts).hasSize(1);
        assertThat(requestBodies).containsExactly("POST /x Bearer t0k {\"a\":1}", "GET /empty Bearer t0k ",
                "GET /chunked null ", "POST /y?q=1 Bearer t0k {\"a");
    }

    @Test
    void sendsAgainOnANewConnectionWhenTheKeptAliveOneWasClosed() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CountDownLatch firstClosed = new java.util.concurrent.CountDownLatch(1);
            Thread serverThread = new Thread(() -> {
                // answers one request per connection, then closes it without saying so
                for (int i = 0; i < 2; i++) {
                    try (Socket s = ss.accept()) {
                        InputStream in = s.getInputStream();
                        ByteArrayOutputStream head = new ByteArrayOutputStream();
                        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                            head.write(in.read());
                        }
                        s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").getBytes(StandardCharsets.ISO_8859_1));
                        s.getOutputStream().flush();
                    } catch (IOException e) {
                        return;
                    } finally {
                        firstClosed.countDown();
                    }
                }
            });
            serverThread.start();
            long retriesBefore = RequestCounts.snapshot().get(RequestCounts.Kind.RETRY_AFTER_CLOSE);
            try (LeanHttp http = new LeanHttp("http://127.0.0.1:" + ss.getLocalPort())) {
                assertThat(http.send(RequestCounts.Kind.OTHER, "GET", "/a", null, null, 0, 5000)).isEqualTo(200);
                assertThat(firstClosed.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(http.send(RequestCounts.Kind.OTHER, "GET", "/b", null, null, 0, 5000)).isEqualTo(200);
                assertThat(http.bodyText()).isEqualTo("ok");
            }
            serverThread.join(5000);
            assertThat(RequestCounts.snapshot().get(RequestCounts.Kind.RETRY_AFTER_CLOSE)).isEqualTo(retriesBefore + 1);
        }
    }
}
