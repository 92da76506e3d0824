package io.corral.bench;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One emulated agent: its own token, and blocking worker loops on lean keep-alive connections
 * that long-poll for commands and run each one to a succeeded result, like the real agent's
 * workers minus the Proxmox work, so the control plane is what is measured.
 * <p>
 * {@link AgentFleet.Protocol#PER_ID}: each poll loop starts and reports every command it got
 * with the per-id calls, one after the other. {@link AgentFleet.Protocol#BATCH}: the poll loops
 * hand commands to one acknowledging loop, which sends everything that piled up while its
 * previous call was in flight as one {@code POST commands/start {"ids":[…]}}, and that hands the
 * started ones to one reporting loop doing the same with {@code POST commands/results}; neither
 * ever waits to fill a batch.
 */
final class BenchAgent {

    static final String[] CAPABILITIES = {"proxmox.status", "proxmox.list", "targets.list"};
    private static final int CALL_TIMEOUT_MS = 30_000;
    private static final int MAX_BATCH = 500;

    record Cmd(String id, long n) {
    }

    final String id;
    final String token;
    final byte[] bearer;
    private final AgentFleet fleet;
    private final byte[] heartbeatBody;
    private final LinkedBlockingQueue<Cmd> toStart = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Cmd> toReport = new LinkedBlockingQueue<>();
    private final AtomicInteger pollersLeft = new AtomicInteger();
    private volatile boolean starterDone;

    BenchAgent(String id, String token, AgentFleet fleet) {
        this.id = id;
        this.token = token;
        this.bearer = LeanHttp.bearer(token);
        this.fleet = fleet;
        StringBuilder b = new StringBuilder("{\"version\":\"bench\",\"startedAt\":\"").append(OffsetDateTime.now())
                .append("\",\"capabilities\":[");
        for (int i = 0; i < CAPABILITIES.length; i++) {
            b.append(i == 0 ? "" : ",").append('"').append(CAPABILITIES[i]).append('"');
        }
        this.heartbeatBody = LeanHttp.ascii(b.append("],\"inFlight\":[]}").toString());
    }

    int heartbeat(LeanHttp http) throws IOException {
        return http.send(RequestCounts.Kind.HEARTBEAT, "POST", "/api/v1/agent/heartbeat", bearer, heartbeatBody,
                heartbeatBody.length, CALL_TIMEOUT_MS);
    }

    /** The loops of this agent as threads (not started); each counts itself out of the fleet when it ends. */
    List<Thread> loops(AgentFleet.Protocol protocol, int pollers, int waitSeconds, int max) {
        List<Thread> threads = new ArrayList<>();
        pollersLeft.set(pollers);
        starterDone = false;
        String pollPath = "/api/v1/agent/commands/next?wait=" + waitSeconds + "&max=" + max;
        for (int i = 0; i < pollers; i++) {
            threads.add(thread(() -> poll(protocol, pollPath, waitSeconds), "poll"));
        }
        if (protocol == AgentFleet.Protocol.BATCH) {
            threads.add(thread(this::acknowledge, "start"));
            threads.add(thread(this::report, "results"));
        }
        return threads;
    }

    private Thread thread(Runnable body, String role) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                fleet.workerExited();
            }
        }, "agent-" + role + "-" + id.substring(0, 8));
        t.setDaemon(true);
        return t;
    }

    private void poll(AgentFleet.Protocol protocol, String path, int waitSeconds) {
        try (LeanHttp http = fleet.http(); LeanHttp calls = fleet.http()) {
            JsonBytes json = new JsonBytes();
            List<Cmd> got = new ArrayList<>();
            while (!fleet.stopping()) {
                try {
                    int status = http.send(RequestCounts.Kind.POLL, "GET", path, bearer, null, 0, (waitSeconds + 15) * 1000);
                    if (status == 204) {
                        continue;
                    }
                    if (status != 200) {
                        fleet.error("poll " + status);
                        pause();
                        continue;
                    }
                    long received = http.receivedNanos();
                    got.clear();
                    JsonBytes.commands(http.body(), http.bodyLength(), (cid, n) -> got.add(new Cmd(cid, n)));
                    fleet.delivered(got, received);
                    if (protocol == AgentFleet.Protocol.BATCH) {
                        toStart.addAll(got);
                    } else {
                        for (Cmd c : got) {
                            try {
                                runPerId(calls, json, c);
                            } catch (IOException e) {
                                fleet.error("start/result " + e.getClass().getSimpleName() + ": " + e.getMessage());
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    fleet.error("poll " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    pause();
                }
            }
        } finally {
            pollersLeft.decrementAndGet();
        }
    }

    private void runPerId(LeanHttp http, JsonBytes json, Cmd c) throws IOException {
        String base = "/api/v1/agent/commands/" + c.id();
        json.reset().raw("{}");
        long t0 = System.nanoTime();
        int started = http.send(RequestCounts.Kind.START, "POST", base + "/start", bearer, json.bytes(), json.length(),
                CALL_TIMEOUT_MS);
        long t1 = System.nanoTime();
        fleet.startAnswered(started == 200 ? 1 : 0, 1, t1 - t0);
        if (started != 200) {
            fleet.error("start " + started);
            return;
        }
        json.reset().raw("{\"status\":\"succeeded\",\"result\":{\"n\":").number(c.n()).raw("}}");
        int done = http.send(RequestCounts.Kind.RESULT, "POST", base + "/result", bearer, json.bytes(), json.length(),
                CALL_TIMEOUT_MS);
        fleet.resultAnswered(done == 200 ? 1 : 0, 1, System.nanoTime() - t1);
        if (done != 200) {
            fleet.error("result " + done);
        }
    }

    private void acknowledge() {
        try (LeanHttp http = fleet.http()) {
            JsonBytes json = new JsonBytes();
            List<Cmd> batch = new ArrayList<>();
            java.util.Map<String, Cmd> byId = new java.util.HashMap<>();
            while (true) {
                Cmd first = take(toStart, () -> pollersLeft.get() == 0);
                if (first == null) {
                    return;
                }
                batch.clear();
                batch.add(first);
                toStart.drainTo(batch, MAX_BATCH - 1);
                json.reset().raw("{\"ids\":[");
                byId.clear();
                for (Cmd c : batch) {
                    json.string(c.id()).raw(",");
                    byId.put(c.id(), c);
                }
                json.trimComma().raw("]}");
                try {
                    long t0 = System.nanoTime();
                    int status = http.send(RequestCounts.Kind.START_BATCH, "POST", "/api/v1/agent/commands/start", bearer,
                            json.bytes(), json.length(), CALL_TIMEOUT_MS);
                    if (status != 200) {
                        fleet.error("start batch " + status);
                        fleet.startAnswered(0, batch.size(), System.nanoTime() - t0);
                        continue;
                    }
                    int[] ok = {0};
                    JsonBytes.startAnswer(http.body(), http.bodyLength(), new JsonBytes.StartSink() {
                        @Override
                        public void started(String sid) {
                            Cmd c = byId.get(sid);
                            if (c != null) {
                                ok[0]++;
                                toReport.add(c);
                            }
                        }

                        @Override
                        public void refused(String rid, String code) {
                            fleet.error("start refused " + code);
                        }
                    });
                    fleet.startAnswered(ok[0], batch.size(), System.nanoTime() - t0);
                } catch (IOException | RuntimeException e) {
                    fleet.error("start batch " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    pause();
                }
            }
        } finally {
            starterDone = true;
        }
    }

    private void report() {
        try (LeanHttp http = fleet.http()) {
            JsonBytes json = new JsonBytes();
            List<Cmd> batch = new ArrayList<>();
            while (true) {
                Cmd first = take(toReport, () -> starterDone);
                if (first == null) {
                    return;
                }
                batch.clear();
                batch.add(first);
                toReport.drainTo(batch, MAX_BATCH - 1);
                json.reset().raw("{\"results\":[");
                for (Cmd c : batch) {
                    json.raw("{\"id\":").string(c.id()).raw(",\"status\":\"succeeded\",\"result\":{\"n\":").number(c.n())
                            .raw("}},");
                }
                json.trimComma().raw("]}");
                try {
                    long t0 = System.nanoTime();
                    int status = http.send(RequestCounts.Kind.RESULTS_BATCH, "POST", "/api/v1/agent/commands/results",
                            bearer, json.bytes(), json.length(), CALL_TIMEOUT_MS);
                    if (status != 200) {
                        fleet.error("results batch " + status);
                        fleet.resultAnswered(0, batch.size(), System.nanoTime() - t0);
                        continue;
                    }
                    int[] ok = {0};
                    JsonBytes.items(http.body(), http.bodyLength(), (itemStatus, code) -> {
                        if (itemStatus == 200) {
                            ok[0]++;
                        } else {
                            fleet.error("result item " + itemStatus + " " + code);
                        }
                    });
                    fleet.resultAnswered(ok[0], batch.size(), System.nanoTime() - t0);
                } catch (IOException | RuntimeException e) {
                    fleet.error("results batch " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    pause();
                }
            }
        }
    }

    /** The next item, or null once {@code done} says no more will come and the queue is empty. */
    private static Cmd take(LinkedBlockingQueue<Cmd> queue, java.util.function.BooleanSupplier done) {
        while (true) {
            try {
                Cmd c = queue.poll(100, TimeUnit.MILLISECONDS);
                if (c != null) {
                    return c;
                }
                if (done.getAsBoolean() && queue.isEmpty()) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static void pause() {
        LockSupport.parkNanos(200_000_000L);
    }
}
