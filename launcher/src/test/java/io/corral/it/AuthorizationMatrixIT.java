package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the OpenAPI document × every kind of caller, each cell's expected status from one
 * table ({@code authorization-matrix.tsv}, next to this class). Requests are harmless: ids are unknown
 * (404 = let through, 401/403 = refused) and bodies are well-formed but point at nothing, except where a
 * caller's own object is needed: agent A's own command (agent B must not touch it) and the per-VM token's
 * own guest. The table must list every operation of the document.
 */
@ExtendWith(SharedStack.class)
@Order(10)
class AuthorizationMatrixIT {
    static final List<String> CALLERS = List.of("anonymous", "viewer", "operator", "admin", "agentA", "agentB",
            "vmToken", "sessionToken");
    private static final String UNKNOWN = "0d6f1c8a-34c4-4e65-9c39-0e7f7a6d3a11";
    private static Stack stack;
    private static Api bootstrap;
    private static final Map<String, String> TOKENS = new LinkedHashMap<>();
    private static EmulatedAgent agentA;
    private static String commandOfA;
    private static String vm;
    private static String session;

    @BeforeAll
    static void callers() {
        stack = SharedStack.get();
        bootstrap = new Api(stack.controlPlaneUrl() + "/api", stack.apiToken());
        TOKENS.put("anonymous", null);
        for (String role : List.of("viewer", "operator", "admin")) {
            Api.Reply r = bootstrap.post("/v1/tokens", "{\"name\":\"matrix-" + role + "-" + UUID.randomUUID().toString()
                    .substring(0, 8) + "\",\"role\":\"" + role + "\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            TOKENS.put(role, r.json().path("token").asText());
        }
        Api v1 = new Api(stack.apiUrl(), stack.apiToken());
        agentA = EmulatedAgent.register(stack, v1, true);
        TOKENS.put("agentA", agentA.token);
        TOKENS.put("agentB", EmulatedAgent.register(stack, v1, true).token);
        Api.Reply queued = v1.post("/commands", "{\"agent\":\"" + agentA.id + "\",\"type\":\"proxmox.status\","
                + "\"payload\":{\"node\":\"pve1\",\"vmid\":100}}");
        assertThat(queued.status()).as(queued.body()).isEqualTo(201);
        commandOfA = queued.json().path("id").asText();
        assertThat(Await.until("agent A to lease its command", java.time.Duration.ofSeconds(30),
                () -> agentA.next(1, 1), l -> !l.isEmpty())).hasSize(1);

        vm = v1.get("/vms?template=false&agent=" + stack.agentId()).json().path("items").path(0).path("id").asText();
        assertThat(vm).as("a guest of the stack's agent").isNotEmpty();
        Api.Reply vmToken = v1.post("/vms/" + vm + "/token", "");
        assertThat(vmToken.status()).as(vmToken.body()).isEqualTo(201);
        TOKENS.put("vmToken", vmToken.json().path("token").asText());

        Api.Reply started = new Api(stack.controlPlaneUrl() + "/api", TOKENS.get("operator"))
                .post("/auth/start", "{\"provider\":\"github\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        session = started.json().path("session").path("id").asText();
        TOKENS.put("sessionToken", started.json().path("helperToken").asText());
    }

    @AfterAll
    static void restore() {
        if (session != null) {
            bootstrap.post("/auth/sessions/" + session + "/cancel", "");
        }
        if (vm != null) {
            bootstrap.send("DELETE", "/v1/vms/" + vm + "/token", null, null);
        }
    }

    @Test
    void everyOperationAnswersEachKindOfCallerAsTheTableSays() throws IOException {
        List<Row> table = table();
        JsonNode document = Api.JSON.readTree(new Api(stack.controlPlaneUrl(), null).get("/openapi?format=JSON").body());
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(m -> {
                if (!m.equals("parameters")) {
                    documented.add(m.toUpperCase() + " " + path.getKey());
                }
            });
        }
        Set<String> listed = new TreeSet<>();
        table.forEach(r -> listed.add(r.method + " " + r.path));
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(listed);
        Set<String> extra = new TreeSet<>(listed);
        extra.removeAll(documented);
        assertThat(missing).as("operations of /openapi missing from authorization-matrix.tsv").isEmpty();
        assertThat(extra).as("rows of authorization-matrix.tsv that /openapi does not document").isEmpty();

        List<String> wrong = new ArrayList<>();
        StringBuilder actualTable = new StringBuilder();
        int cells = 0;
        for (Row row : table) {
            Map<String, Integer> actual = new LinkedHashMap<>();
            // agent B before agent A: B must be refused agent A's command while it is still A's to start
            for (String caller : List.of("anonymous", "viewer", "operator", "admin", "agentB", "agentA", "vmToken",
                    "sessionToken")) {
                if (caller.equals("agentA") && row.path.equals("/api/v1/agent/commands/{id}/start")) {
                    leaseToA();
                }
                Api.Reply r = new Api(stack.controlPlaneUrl(), TOKENS.get(caller))
                        .send(row.method, concrete(row.path), row.body == null ? null : "application/json", row.body);
                actual.put(caller, r.status());
                cells++;
                Set<Integer> expected = row.expected.get(caller);
                if (!expected.contains(r.status())) {
                    wrong.add(row.method + " " + row.path + " as " + caller + ": expected " + expected + ", got "
                            + r.status() + " " + (r.body().length() > 200 ? r.body().substring(0, 200) : r.body()));
                }
                if (r.status() >= 400 && !r.contentType().startsWith("application/json")) {
                    wrong.add(row.method + " " + row.path + " as " + caller + ": " + r.status() + " not JSON");
                }
            }
            actualTable.append(row.method).append('\t').append(row.path);
            CALLERS.forEach(c -> actualTable.append('\t').append(actual.get(c)));
            actualTable.append('\t').append(row.body == null ? "-" : row.body).append('\n');
        }
        System.out.printf("AuthorizationMatrixIT: %d operations x %d callers, %d cells checked, %d wrong%n",
                table.size(), CALLERS.size(), cells, wrong.size());
        wrong.forEach(w -> System.out.println("  " + w));
        if (!wrong.isEmpty()) {
            System.out.println("Statuses seen (same columns as the table):\n" + actualTable);
        }
        assertThat(cells).isEqualTo(documented.size() * CALLERS.size());
        assertThat(wrong).as("cells of the authorization matrix").isEmpty();
    }

    /** Agent A holds the lease of its command (a lease lapses after SharedStack.LEASE_SECONDS unless started). */
    private static void leaseToA() {
        Api admin = new Api(stack.apiUrl(), stack.apiToken());
        Await.until("agent A to hold its command", java.time.Duration.ofSeconds(30), () -> {
            agentA.next(0, 1);
            return admin.get("/commands/" + commandOfA).json().path("status").asText();
        }, status -> !status.equals("queued"));
    }

    /** The template with its parameters filled: the callers' own objects where the table says so, else unknown ids. */
    private static String concrete(String template) {
        String path = template;
        if (template.startsWith("/api/v1/agent/commands/{id}")) {
            path = path.replace("{id}", commandOfA);
        }
        if (template.equals("/api/v1/vms/{id}/heartbeat")) {
            path = path.replace("{id}", vm);
        }
        if (template.equals("/api/v1/agent/commands/next")) {
            path += "?wait=0";
        }
        return path.replace("{id}", UNKNOWN).replace("{vmId}", UNKNOWN).replace("{name}", "no-such-name")
                .replace("{serviceId}", "no-such-service");
    }

    private record Row(String method, String path, Map<String, Set<Integer>> expected, String body) {
    }

    private static List<Row> table() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = AuthorizationMatrixIT.class.getResourceAsStream("authorization-matrix.tsv")) {
            assertThat(in).as("authorization-matrix.tsv").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                assertThat(f).as(line).hasSize(2 + CALLERS.size() + 1);
                Map<String, Set<Integer>> expected = new LinkedHashMap<>();
                for (int i = 0; i < CALLERS.size(); i++) {
                    Set<Integer> statuses = new TreeSet<>();
                    for (String status : f[2 + i].split("\\|")) {
                        statuses.add(Integer.parseInt(status));
                    }
                    expected.put(CALLERS.get(i), statuses);
                }
                String body = f[f.length - 1];
                rows.add(new Row(f[0], f[1], expected, body.equals("-") ? null : body));
            }
        }
        return rows;
    }
}
