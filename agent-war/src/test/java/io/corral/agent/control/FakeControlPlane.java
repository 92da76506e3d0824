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
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A stand-in for the control plane's agent API on a real loopback HTTP port: accepts
 * {@code Bearer agent-token}, answers 401 {@code {"code","message"}} to anything else, and
 * records every request. Heartbeats are accepted; {@code commands/next} serves the deliveries
 * queued with {@link #deliver(String)} and otherwise holds the poll briefly and answers 204;
 * start, progress and result answer 200 unless {@link #answer} says otherwise.
 */
public final class FakeControlPlane implements AutoCloseable {

    public static final String TOKEN = "agent-token";
    static final String COMMANDS = "/api/v1/agent/commands/";

    /** One request as received. */
    public record Received(String method, String path, String authorization, String contentType,
                           String body, String query) {
    }

    /** A scripted answer. */
    public record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> deliveries = new LinkedBlockingQueue<>();
    private final Map<String, Function<Received, Answer>> answers = new ConcurrentHashMap<>();
    private volatile String heartbeatAnswer = "{\"agentId\":\"a-1\",\"status\":\"online\",\"cancellations\":[]}";

    private FakeControlPlane(HttpServer server) {
        this.server = server;
    }

    public static FakeControlPlane start() {
        return start(0);
    }

    /** On a given port, e.g. to bring a control plane "back" where the agent expects it. */
    public static FakeControlPlane start(int port) {
        try {
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            FakeControlPlane controlPlane = new FakeControlPlane(server);
            server.setExecutor(controlPlane.threads);
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

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Received> received() {
        return received;
    }

    /** Requests whose path ends with the suffix, e.g. {@code /result}. */
    public List<Received> received(String pathSuffix) {
        return received.stream().filter(r -> r.path().endsWith(pathSuffix)).collect(Collectors.toList());
    }

    /** The next poll answers 200 with this body ({@code {"commands":[…],"cancellations":[…]}}). */
    public FakeControlPlane deliver(String json) {
        deliveries.add(json);
        return this;
    }

    /** What heartbeats are answered with (200). */
    public FakeControlPlane answerHeartbeats(String json) {
        heartbeatAnswer = json;
        return this;
    }

    /** Deliveries queued but not yet taken by a poll. */
    public int pendingDeliveries() {
        return deliveries.size();
    }

    /** Answers POST {@code commands/{id}/{action}} (start, progress, result) with a fixed answer. */
    public FakeControlPlane answer(String commandId, String action, int status, String body) {
        return answer(commandId, action, request -> new Answer(status, body));
    }

    public FakeControlPlane answer(String commandId, String action, Function<Received, Answer> answer) {
        answers.put(COMMANDS + commandId + "/" + action, answer);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String path = exchange.getRequestURI().getPath();
        Received request = new Received(exchange.getRequestMethod(), path, authorization,
                exchange.getRequestHeaders().getFirst("Content-Type"), body, exchange.getRequestURI().getQuery());
        received.add(request);
        if (!("Bearer " + TOKEN).equals(authorization)) {
            respond(exchange, new Answer(401, "{\"code\":\"UNAUTHORIZED\",\"message\":\"unknown agent token\"}"));
        } else if (path.equals("/api/v1/agent/heartbeat")) {
            respond(exchange, new Answer(200, heartbeatAnswer));
        } else if (path.equals(COMMANDS + "next") && request.method().equals("GET")) {
            respond(exchange, next());
        } else if (answers.containsKey(path)) {
            respond(exchange, answers.get(path).apply(request));
        } else if (path.startsWith(COMMANDS) && request.method().equals("POST")
                && (path.endsWith("/start") || path.endsWith("/progress") || path.endsWith("/result"))) {
            respond(exchange, new Answer(200, "{\"unknownField\":true}"));
        } else {
            respond(exchange, new Answer(404, "{\"code\":\"NOT_FOUND\",\"message\":\"no such resource\"}"));
        }
    }

    // Held briefly (not the full wait) so tests stay fast without the loops spinning.
    private Answer next() {
        try {
            String delivery = deliveries.poll(100, TimeUnit.MILLISECONDS);
            return delivery == null ? new Answer(204, null) : new Answer(200, delivery);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(503, null);
        }
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        if (answer.body() == null) {
            exchange.sendResponseHeaders(answer.status(), -1);
            exchange.close();
            return;
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
