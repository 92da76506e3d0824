package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed requests against every operation of the control plane's OpenAPI document that takes a body
 * or parameters ({@link HostileRequests}): each answer is a 4xx {@code {"code","message"}} JSON naming the
 * problem, never a 5xx, never a stack trace, and the refused requests change nothing in the database.
 * The agent WAR serves no JSON endpoint that takes input (its health check only), so it is not probed.
 */
@ExtendWith(SharedStack.class)
@Order(10)
class HostileInputIT {
    /** Printed: rerun with -Dcorral.hostileSeed=... to get the same requests. */
    private static final long SEED = Long.getLong("corral.hostileSeed", 20261115L);
    private static final int THREADS = 6;
    /**
     * The one exception to "a {code,message} JSON": a path with %00 or invalid UTF-8 in its percent-encoding
     * is refused by Payara's HTTP layer with a bare 400 before the application sees the request.
     */
    private static final String SERVER_REFUSED = "bad path encoding";
    /** Tables refused requests could write; row count and a checksum of their ids, before and after. */
    private static final Map<String, String> CHECKED = new TreeMap<>(Map.ofEntries(Map.entry("api_token", "id"),
            Map.entry("agent", "id"), Map.entry("app_user", "id"), Map.entry("ssh_target", "id"),
            Map.entry("credential", "id"), Map.entry("credential_access", "id"), Map.entry("service_link", "id"),
            Map.entry("vm_token", "vm_id"), Map.entry("clone_run", "id"), Map.entry("auth_session", "id"),
            Map.entry("vault_rotation", "id"), Map.entry("prune_run", "id"), Map.entry("audit_event", "id")));

    @Test
    void everyMalformedRequestIsA4xxJsonErrorAndChangesNothing() throws Exception {
        Stack stack = SharedStack.get();
        Api bootstrap = new Api(stack.controlPlaneUrl() + "/api/v1", stack.apiToken());
        String marker = "it-hostile-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Reply issued = bootstrap.post("/tokens", "{\"name\":\"" + marker + "\",\"role\":\"admin\"}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        Api admin = new Api(stack.controlPlaneUrl(), issued.json().path("token").asText());
        EmulatedAgent emulated = EmulatedAgent.register(stack, bootstrap, false);
        Api agent = new Api(stack.controlPlaneUrl(), emulated.token);
        // The helper tokens' operations are probed with a real token for its own guest and session, so
        // that their bodies are read (an unknown id is refused before).
        String vmId = vmWithoutHelperToken(stack, bootstrap);
        Api.Reply vmToken = bootstrap.post("/vms/" + vmId + "/token", "");
        assertThat(vmToken.status()).as(vmToken.body()).isEqualTo(201);
        Api vmHelper = new Api(stack.controlPlaneUrl(), vmToken.json().path("token").asText());
        Api authApi = new Api(stack.controlPlaneUrl() + "/api", stack.apiToken());
        Api.Reply session = authApi.post("/auth/start", "{\"provider\":\"github\",\"options\":{\"note\":\"" + marker + "\"}}");
        assertThat(session.status()).as(session.body()).isEqualTo(201);
        String sessionId = session.json().path("session").path("id").asText();
        Api sessionHelper = new Api(stack.controlPlaneUrl(), session.json().path("helperToken").asText());

        JsonNode document = Api.JSON.readTree(new Api(stack.controlPlaneUrl(), null).get("/openapi?format=JSON").body());
        HostileRequests generator = new HostileRequests(document, SEED)
                .pathIds("vmHelper", Map.of("id", vmId)).pathIds("sessionHelper", Map.of("id", sessionId));
        List<HostileRequests.Probe> probes = new ArrayList<>();
        List<HostileRequests.Operation> operations = generator.operations();
        for (HostileRequests.Operation op : operations) {
            probes.addAll(generator.probes(op));
        }
        System.out.printf("HostileInputIT: seed %d, %d operations in /openapi, %d probed, %d requests%n", SEED,
                operations.size(), probes.stream().map(p -> p.op().key()).distinct().count(), probes.size());

        Map<String, String> before = snapshot(stack, marker);
        // A guest's helper token is limited to CORRAL_VM_RATE_PER_SECOND (1/s, bursts of 10), so most of its
        // probes below are refused by the limit before their body is read. One probe of each variant goes
        // first, one at a time within the limit, and must be answered on its merits.
        List<HostileRequests.Probe> paced = new ArrayList<>(probes.stream().filter(p -> p.op().security().equals("vmHelper"))
                .collect(java.util.stream.Collectors.toMap(p -> p.op().key() + " " + p.variant(), p -> p, (a, b) -> a,
                        java.util.LinkedHashMap::new)).values());
        Map<Integer, AtomicLong> pacedStatuses = new TreeMap<>();
        List<String> pacedFailures = new ArrayList<>();
        for (HostileRequests.Probe probe : paced) {
            Api.Reply r = withinRateLimit(vmHelper, probe);
            pacedStatuses.computeIfAbsent(r.status(), k -> new AtomicLong()).incrementAndGet();
            String problem = r.status() == 429 ? "still rate-limited" : problem(probe.variant(), r);
            if (problem != null) {
                pacedFailures.add(probe.op().key() + " [" + probe.variant() + "] body " + shorten(probe.body() == null ? "-"
                        : new String(probe.body(), java.nio.charset.StandardCharsets.UTF_8)) + " -> " + problem);
            }
        }
        System.out.printf("HostileInputIT: %d helper-token probes one at a time within its rate limit, statuses %s%n",
                paced.size(), pacedStatuses);
        pacedFailures.forEach(f -> System.out.println("    " + f));
        Map<String, AtomicLong> perOperation = new ConcurrentHashMap<>();
        Map<String, AtomicLong> perVariant = new ConcurrentHashMap<>();
        Map<Integer, AtomicLong> perStatus = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (HostileRequests.Probe probe : probes) {
                done.add(pool.submit(() -> {
                    Api caller = switch (probe.op().security()) {
                        case "vmHelper" -> vmHelper;
                        case "sessionHelper" -> sessionHelper;
                        default -> probe.op().agent() ? agent : admin;
                    };
                    Api.Reply r = caller.exchange(probe.op().method(), probe.path(), probe.contentType(), probe.body());
                    perOperation.computeIfAbsent(probe.op().key(), k -> new AtomicLong()).incrementAndGet();
                    perVariant.computeIfAbsent(probe.variant(), k -> new AtomicLong()).incrementAndGet();
                    perStatus.computeIfAbsent(r.status(), k -> new AtomicLong()).incrementAndGet();
                    String problem = problem(probe.variant(), r);
                    if (problem != null) {
                        failures.add(probe.op().key() + " [" + probe.variant() + "] " + shorten(probe.path()) + " body "
                                + shorten(probe.body() == null ? "-" : new String(probe.body(), java.nio.charset.StandardCharsets.UTF_8))
                                + " -> " + problem);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Map<String, String> after = snapshot(stack, marker);
        authApi.post("/auth/sessions/" + sessionId + "/cancel", "");
        bootstrap.send("DELETE", "/vms/" + vmId + "/token", null, null);

        System.out.printf("HostileInputIT: %d requests in %d ms; statuses %s%n", probes.size(), millis, new TreeMap<>(perStatus));
        System.out.println("  requests per variant:");
        new TreeMap<>(perVariant).forEach((k, v) -> System.out.printf("    %-22s %6d%n", k, v.get()));
        System.out.println("  requests per operation:");
        new TreeMap<>(perOperation).forEach((k, v) -> System.out.printf("    %-55s %6d%n", k, v.get()));
        System.out.printf("  %d failures%n", failures.size());
        failures.stream().limit(40).forEach(f -> System.out.println("    " + f));

        assertThat(probes.size()).as("requests per run").isGreaterThanOrEqualTo(10_000);
        assertThat(paced).as("helper-token probes within its rate limit").hasSizeGreaterThan(10);
        assertThat(pacedFailures).as("helper-token answers that are not a 4xx {code,message} JSON").isEmpty();
        assertThat(failures).as("answers that are not a 4xx {code,message} JSON without a trace").isEmpty();
        assertThat(after).as("the database after the refused requests").isEqualTo(before);
    }

    /**
     * The same create sent at once by several clients: one wins, the others learn it exists (409), none sees
     * a 500 (the database's unique constraint decides the race after the services' existence checks passed).
     */
    @Test
    void concurrentIdenticalCreatesAreOneCreatedAndConflictsNeverA500() throws Exception {
        Stack stack = SharedStack.get();
        Api admin = new Api(stack.apiUrl(), stack.apiToken());
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < 10; round++) {
                String name = "it-race-" + UUID.randomUUID().toString().substring(0, 8);
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(THREADS);
                List<Future<Api.Reply>> replies = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    replies.add(pool.submit(() -> {
                        start.await();
                        return admin.post("/agents", "{\"name\":\"" + name + "\",\"ttlSeconds\":60}");
                    }));
                }
                List<Api.Reply> answers = new ArrayList<>();
                for (Future<Api.Reply> f : replies) {
                    answers.add(f.get());
                }
                int created = 0;
                for (Api.Reply r : answers) {
                    statuses.computeIfAbsent(r.status(), k -> new AtomicLong()).incrementAndGet();
                    if (r.status() == 201) {
                        created++;
                        // only once every answer is in: a late request could otherwise create it again
                        admin.send("DELETE", "/agents/" + r.json().path("id").asText(), null, null);
                    } else if (r.status() != 409 || problem("conflict", r) != null) {
                        failures.add(name + ": " + r.status() + " " + shorten(r.body()));
                    }
                }
                if (created != 1) {
                    failures.add(name + ": " + created + " created");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("HostileInputIT: %d identical creates in 10 races, statuses %s%n", 10 * THREADS,
                new TreeMap<>(statuses));
        assertThat(failures).isEmpty();
    }

    /** Sends {@code probe}, again after the Retry-After the rate limit names, until it is answered on its merits. */
    private static Api.Reply withinRateLimit(Api caller, HostileRequests.Probe probe) throws InterruptedException {
        Api.Reply r = caller.exchange(probe.op().method(), probe.path(), probe.contentType(), probe.body());
        for (int tries = 0; r.status() == 429 && tries < 10; tries++) {
            long seconds = r.raw().headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
            Thread.sleep(Math.min(5, Math.max(1, seconds)) * 1000);
            r = caller.exchange(probe.op().method(), probe.path(), probe.contentType(), probe.body());
        }
        return r;
    }

    /** A VM of the stack's agent that has no helper token (so issuing and revoking one disturbs nothing). */
    private static String vmWithoutHelperToken(Stack stack, Api api) {
        for (JsonNode vm : api.get("/vms?agent=" + stack.agentId() + "&template=false").json().path("items")) {
            String id = vm.path("id").asText();
            if (api.get("/vms/" + id + "/token").status() == 404) {
                return id;
            }
        }
        throw new AssertionError("every VM of the agent has a helper token");
    }

    /** Why this answer is wrong, or null. */
    static String problem(String variant, Api.Reply r) {
        if (r.status() < 400 || r.status() > 499) {
            return "status " + r.status() + " " + shorten(r.body());
        }
        if (variant.equals(SERVER_REFUSED)) {
            return r.status() == 400 ? null : "status " + r.status() + ", not 400";
        }
        if (!r.contentType().startsWith("application/json")) {
            return r.status() + " content type '" + r.contentType() + "' " + shorten(r.body());
        }
        for (String trace : List.of("at io.", "Exception", ".java:")) {
            if (r.body().contains(trace)) {
                return r.status() + " trace text '" + trace + "': " + shorten(r.body());
            }
        }
        try {
            JsonNode body = Api.JSON.readTree(r.body());
            if (!body.path("code").asText().matches("[A-Z][A-Z_]+") || body.path("message").asText().isBlank()) {
                return r.status() + " not a {code,message} naming the problem: " + shorten(r.body());
            }
        } catch (Exception e) {
            return r.status() + " not JSON: " + shorten(r.body());
        }
        return null;
    }

    /**
     * Row count and a checksum of the ids of each table a refused request could write, and of the commands
     * this test's token created. Left out: tables the stack's own agent and timers write while the test runs
     * (vm, node, fleet_event, vm_metric, command_event, task_run, clone_item, auth_session_event,
     * vmid_reservation, login_throttle, the batch runtime's tables); ids rather than whole rows, because
     * timers update rows in place (an agent's last heartbeat, a credential's validation).
     */
    private static Map<String, String> snapshot(Stack stack, String marker) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             Statement s = c.createStatement()) {
            for (Map.Entry<String, String> table : CHECKED.entrySet()) {
                String key = table.getValue();
                try (ResultSet rs = s.executeQuery("select count(*) || ' ' || coalesce(md5(string_agg(" + key + "::text, ','"
                        + " order by " + key + ")), '-') from " + table.getKey())) {
                    rs.next();
                    out.put(table.getKey(), rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("select count(*) || ' ' || coalesce(md5(string_agg(id::text, ',' order by id)), '-')"
                    + " from command where created_by like '%" + marker + "%'")) {
                rs.next();
                out.put("command (this test's)", rs.getString(1));
            }
        }
        return out;
    }

    private static String shorten(String s) {
        s = s.replace('\n', ' ');
        return s.length() > 160 ? s.substring(0, 160) + "…(" + s.length() + ")" : s;
    }
}
