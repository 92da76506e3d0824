package io.corral.agent.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the control plane's agent API on a real loopback HTTP port: accepts
 * {@code Bearer agent-token}, answers 401 {@code {"code","message"}} to anything else, and
 * records every request.
 */
public final class FakeControlPlane implements AutoCloseable {

    public static final String TOKEN = "agent-token";

    /** One request as received. */
    public record Received(String method, String path, String authorization, String contentType,
                           String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private FakeControlPlane(HttpServer server) {
        this.server = server;
    }

    public static FakeControlPlane start() {
        try {
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeControlPlane controlPlane = new FakeControlPlane(server);
            server.createContext("/", controlPlane::handle);
            server.start();
            return controlPlane;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return received;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                authorization, exchange.getRequestHeaders().getFirst("Content-Type"), body));
        if (!("Bearer " + TOKEN).equals(authorization)) {
            respond(exchange, 401, "{\"code\":\"UNAUTHORIZED\",\"message\":\"unknown agent token\"}");
        } else if (!exchange.getRequestURI().getPath().equals("/api/v1/agent/heartbeat")) {
            respond(exchange, 404, "{\"code\":\"NOT_FOUND\",\"message\":\"no such resource\"}");
        } else {
            respond(exchange, 200, "{\"agentId\":\"a-1\",\"status\":\"online\",\"cancellations\":[]}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
