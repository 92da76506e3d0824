package io.corral.agent.pve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the Proxmox API on a real loopback HTTP port, serving canned Proxmox-shaped
 * JSON from {@code src/test/resources/pve}. Checks the API token like Proxmox does (401, no
 * body message) and records what it was asked.
 */
public final class FakePve implements AutoCloseable {

    public static final String TOKEN = "root@pam!corral=secret";

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private record Answer(int status, String body) {
    }

    private FakePve(HttpServer server) {
        this.server = server;
        answer("/version", 200, resource("version.json"));
        answer("/nodes", 200, resource("nodes.json"));
        answer("/cluster/resources?type=vm", 200, resource("cluster-resources-vm.json"));
    }

    public static FakePve start() {
        try {
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakePve pve = new FakePve(server);
            server.createContext("/api2/json/", pve::handle);
            server.start();
            return pve;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Base URL as an operator configures it, without {@code /api2/json}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers a path below {@code /api2/json} (with its query) with this status and body. */
    public FakePve answer(String pathAndQuery, int status, String body) {
        answers.put(pathAndQuery, new Answer(status, body));
        return this;
    }

    /** Paths (below /api2/json, with query) asked for, in order. */
    public List<String> requests() {
        return requests;
    }

    public List<String> authorizations() {
        return authorizations;
    }

    public static String resource(String name) {
        try (InputStream in = FakePve.class.getResourceAsStream("/pve/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String raw = exchange.getRequestURI().getRawPath().substring("/api2/json".length());
        String query = exchange.getRequestURI().getRawQuery();
        String pathAndQuery = query == null ? raw : raw + "?" + query;
        requests.add(pathAndQuery);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(String.valueOf(authorization));
        Answer answer;
        if (!("PVEAPIToken=" + TOKEN).equals(authorization)) {
            answer = new Answer(401, "{\"data\":null}");
        } else {
            answer = answers.getOrDefault(pathAndQuery, new Answer(501,
                    "{\"data\":null,\"message\":\"Method 'GET " + raw + "' not implemented\"}"));
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
