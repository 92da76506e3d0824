package io.corral.agent.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A stand-in for the control plane's agent API on a real loopback HTTP port: accepts
 * {@code Bearer agent-token}, answers 401 {@code {"code","message"}} to anything else, and
 * records every request. Heartbeats are accepted; {@code commands/next} serves the deliveries
 * queued with {@link #deliver(String)} and otherwise holds the poll briefly and answers 204;
 * start, progress and result answer 200 unless {@link #answer} says otherwise. The batch endpoints
 * ({@code POST commands/start}, {@code POST commands/results}) answer each item as {@link #answer}
 * says for its id: 2xx is started / 200, a 404 or 409 (400 too for results) with a code is refused
 * / that status; any other scripted answer (5xx, a bare 404) answers the whole request. After
 * {@link #withoutBatchEndpoints} they answer like a control plane that predates them.
 */
public final class FakeControlPlane implements AutoCloseable {

    public static final String TOKEN = "agent-token";
    static final String COMMANDS = "/api/v1/agent/commands/";
    public static final String START_BATCH = COMMANDS + "start";
    public static final String RESULT_BATCH = COMMANDS + "results";

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
    private volatile Answer batchEndpointsMissing;
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

    /** The batch paths answer {@code 404 {"code","message"}}, as a control plane before them does. */
    public FakeControlPlane withoutBatchEndpoints() {
        return withoutBatchEndpoints(404);
    }

    /** The batch paths answer {@code status} (404 or 405) with an error body. */
    public FakeControlPlane withoutBatchEndpoints(int status) {
        batchEndpointsMissing = new Answer(status, "{\"code\":\"" + (status == 405 ? "METHOD_NOT_ALLOWED" : "NOT_FOUND")
                + "\",\"message\":\"no such resource\"}");
        return this;
    }

    public FakeControlPlane withBatchEndpoints() {
        batchEndpointsMissing = null;
        return this;
    }

    /**
     * Answers a batch path ({@link #START_BATCH}, {@link #RESULT_BATCH}) before its items are looked
     * at; a null answer lets the items be answered as usual.
     */
    public FakeControlPlane answerBatch(String path, Function<Received, Answer> answer) {
        answers.put(path, answer);
        return this;
    }

    /** Start requests: per command and batches. */
    public List<Received> startRequests() {
        return received.stream().filter(r -> r.method().equals("POST") && (r.path().equals(START_BATCH)
                || r.path().startsWith(COMMANDS) && r.path().endsWith("/start"))).toList();
    }

    /** Result requests: per command and batches. */
    public List<Received> resultRequests() {
        return received.stream().filter(r -> r.method().equals("POST") && (r.path().equals(RESULT_BATCH)
                || r.path().startsWith(COMMANDS) && r.path().endsWith("/result"))).toList();
    }

    /** How many start requests named this command, alone or in a batch. */
    public int startsOf(String commandId) {
        int count = 0;
        for (Received request : startRequests()) {
            if (request.path().equals(START_BATCH)) {
                count += (int) json(request.body()).getJsonArray("ids").getValuesAs(JsonString.class).stream()
                        .filter(id -> id.getString().equals(commandId)).count();
            } else if (request.path().equals(COMMANDS + commandId + "/start")) {
                count++;
            }
        }
        return count;
    }

    /** The results sent for this command, alone or in a batch, as the per-command body. */
    public List<JsonObject> resultsOf(String commandId) {
        List<JsonObject> results = new ArrayList<>();
        for (Received request : resultRequests()) {
            if (request.path().equals(RESULT_BATCH)) {
                json(request.body()).getJsonArray("results").getValuesAs(JsonObject.class).stream()
                        .filter(item -> commandId.equals(item.getString("id", null)))
                        .map(item -> Json.createObjectBuilder(item).remove("id").build()).forEach(results::add);
            } else if (request.path().equals(COMMANDS + commandId + "/result")) {
                results.add(json(request.body()));
            }
        }
        return results;
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
        } else if ((path.equals(START_BATCH) || path.equals(RESULT_BATCH)) && batchEndpointsMissing != null) {
            respond(exchange, batchEndpointsMissing);
        } else if (path.equals(START_BATCH) && request.method().equals("POST")) {
            respond(exchange, scriptedOr(request, () -> startBatch(request)));
        } else if (path.equals(RESULT_BATCH) && request.method().equals("POST")) {
            respond(exchange, scriptedOr(request, () -> resultBatch(request)));
        } else if (answers.containsKey(path)) {
            respond(exchange, answers.get(path).apply(request));
        } else if (path.startsWith(COMMANDS) && request.method().equals("POST")
                && (path.endsWith("/start") || path.endsWith("/progress") || path.endsWith("/result"))) {
            respond(exchange, new Answer(200, "{\"unknownField\":true}"));
        } else {
            respond(exchange, new Answer(404, "{\"code\":\"NOT_FOUND\",\"message\":\"no such resource\"}"));
        }
    }

    private Answer scriptedOr(Received request, Supplier<Answer> usual) {
        Function<Received, Answer> scripted = answers.get(request.path());
        Answer answer = scripted == null ? null : scripted.apply(request);
        return answer == null ? usual.get() : answer;
    }

    private Answer startBatch(Received request) {
        JsonArrayBuilder started = Json.createArrayBuilder();
        JsonArrayBuilder refused = Json.createArrayBuilder();
        for (JsonString id : json(request.body()).getJsonArray("ids").getValuesAs(JsonString.class)) {
            Answer answer = itemAnswer(request, id.getString(), "start", "{}");
            String code = verdictCode(answer);
            if (answer.status() / 100 == 2) {
                started.add(id);
            } else if ((answer.status() == 404 || answer.status() == 409) && code != null) {
                refused.add(Json.createObjectBuilder().add("id", id).add("code", code));
            } else {
                return answer;
            }
        }
        return new Answer(200, Json.createObjectBuilder().add("started", started).add("refused", refused).build()
                .toString());
    }

    private Answer resultBatch(Received request) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (JsonObject item : json(request.body()).getJsonArray("results").getValuesAs(JsonObject.class)) {
            String id = item.getString("id");
            Answer answer = itemAnswer(request, id, "result", Json.createObjectBuilder(item).remove("id").build()
                    .toString());
            String code = verdictCode(answer);
            JsonObjectBuilder answered = Json.createObjectBuilder().add("id", id);
            if (answer.status() / 100 == 2) {
                items.add(answered.add("status", 200));
            } else if ((answer.status() == 400 || answer.status() == 404 || answer.status() == 409) && code != null) {
                items.add(answered.add("status", answer.status()).add("code", code));
            } else {
                return answer;
            }
        }
        return new Answer(200, Json.createObjectBuilder().add("items", items).build().toString());
    }

    // What the per-command call for this item would have answered.
    private Answer itemAnswer(Received batch, String id, String action, String body) {
        String path = COMMANDS + id + "/" + action;
        Function<Received, Answer> answer = answers.get(path);
        return answer == null ? new Answer(200, "{}")
                : answer.apply(new Received("POST", path, batch.authorization(), batch.contentType(), body, null));
    }

    private static String verdictCode(Answer answer) {
        if (answer.body() == null || !answer.body().startsWith("{")) {
            return null;
        }
        return json(answer.body()).get("code") instanceof JsonString code ? code.getString() : null;
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
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
