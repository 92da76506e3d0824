package io.corral.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of the control plane's command bus for the load generator's tests, batch endpoints
 * included (the contract of issue 13): one queue for all agents, no auth, no leases.
 */
final class FakeControlPlane implements AutoCloseable {

    private static final Pattern N = Pattern.compile("\"n\":(\\d+)");
    private static final Pattern UUID_STRING = Pattern.compile("\"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\"");

    record Queued(String id, long n) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    final Set<String> succeeded = ConcurrentHashMap.newKeySet();
    final AtomicLong startBatches = new AtomicLong();
    final AtomicLong resultBatches = new AtomicLong();

    FakeControlPlane() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = x.getRequestURI().getPath();
        switch (path) {
            case "/api/v1/agents" -> answer(x, 201, "{\"id\":\"" + UUID.randomUUID() + "\",\"token\":\"tok\"}");
            case "/api/v1/agent/heartbeat" -> answer(x, 200, "{\"status\":\"online\"}");
            case "/api/v1/commands" -> {
                Queued q = enqueue(body);
                answer(x, 201, "{\"id\":\"" + q.id() + "\",\"status\":\"queued\"}");
            }
            case "/api/v1/commands/batch" -> {
                StringBuilder items = new StringBuilder("{\"items\":[");
                Matcher m = N.matcher(body);
                for (int i = 0; m.find(); i++) {
                    Queued q = new Queued(UUID.randomUUID().toString(), Long.parseLong(m.group(1)));
                    queue.add(q);
                    items.append(i == 0 ? "" : ",").append("{\"index\":").append(i).append(",\"status\":201,\"command\":{\"id\":\"")
                            .append(q.id()).append("\",\"status\":\"queued\",\"payload\":{\"n\":").append(q.n()).append("}}}");
                }
                answer(x, 200, items.append("]}").toString());
            }
            case "/api/v1/agent/commands/next" -> poll(x);
            case "/api/v1/agent/commands/start" -> {
                startBatches.incrementAndGet();
                StringBuilder out = new StringBuilder("{\"started\":[");
                StringBuilder refused = new StringBuilder();
                for (String id : ids(body)) {
                    if (delivered.contains(id)) {
                        started.add(id);
                        out.append(out.charAt(out.length() - 1) == '[' ? "" : ",").append('"').append(id).append('"');
                    } else {
                        refused.append(refused.length() == 0 ? "" : ",").append("{\"id\":\"").append(id)
                                .append("\",\"code\":\"NOT_FOUND\"}");
                    }
                }
                answer(x, 200, out.append("],\"refused\":[").append(refused).append("]}").toString());
            }
            case "/api/v1/agent/commands/results" -> {
                resultBatches.incrementAndGet();
                StringBuilder out = new StringBuilder("{\"items\":[");
                for (String id : ids(body)) {
                    boolean ok = started.contains(id) && succeeded.add(id);
                    out.append(out.charAt(out.length() - 1) == '[' ? "" : ",").append("{\"id\":\"").append(id)
                            .append("\",\"status\":").append(ok ? 200 : 409).append(ok ? "" : ",\"code\":\"INVALID_STATE\"").append('}');
                }
                answer(x, 200, out.append("]}").toString());
            }
            default -> perId(x, path);
        }
    }

    private void perId(HttpExchange x, String path) throws IOException {
        String[] parts = path.split("/"); // "", api, v1, agent, commands, {id}, start|result
        if (parts.length == 7 && parts[6].equals("start") && delivered.contains(parts[5])) {
            started.add(parts[5]);
            answer(x, 200, "{}");
        } else if (parts.length == 7 && parts[6].equals("result") && started.contains(parts[5]) && succeeded.add(parts[5])) {
            answer(x, 200, "{}");
        } else {
            answer(x, 404, "{\"code\":\"NOT_FOUND\"}");
        }
    }

    private Queued enqueue(String body) {
        Matcher m = N.matcher(body);
        m.find();
        Queued q = new Queued(UUID.randomUUID().toString(), Long.parseLong(m.group(1)));
        queue.add(q);
        return q;
    }

    private void poll(HttpExchange x) throws IOException {
        int max = Integer.parseInt(x.getRequestURI().getQuery().replaceAll(".*max=(\\d+).*", "$1"));
        List<Queued> got = new ArrayList<>();
        long end = System.nanoTime() + 200_000_000L;
        while (got.isEmpty() && System.nanoTime() < end) {
            Queued q;
            while (got.size() < max && (q = queue.poll()) != null) {
                got.add(q);
            }
            if (got.isEmpty()) {
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
        }
        if (got.isEmpty()) {
            x.sendResponseHeaders(204, -1);
            x.close();
            return;
        }
        StringBuilder out = new StringBuilder("{\"commands\":[");
        for (Queued q : got) {
            delivered.add(q.id());
            out.append(out.charAt(out.length() - 1) == '[' ? "" : ",").append("{\"id\":\"").append(q.id())
                    .append("\",\"type\":\"proxmox.list\",\"payload\":{\"n\":").append(q.n()).append("},\"attempt\":1}");
        }
        answer(x, 200, out.append("],\"cancellations\":[]}").toString());
    }

    private static List<String> ids(String body) {
        List<String> out = new ArrayList<>();
        Matcher m = UUID_STRING.matcher(body);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
