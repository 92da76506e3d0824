package io.corral.bench;

import java.io.IOException;
import java.util.UUID;

/**
 * Whether the control plane has the batch endpoints of issue 13, found out before the load starts:
 * {@code POST /api/v1/agent/commands/start {"ids":[unknown]}} answers 200 with the id refused, and
 * {@code POST /api/v1/commands/batch {"commands":[]}} answers anything but 404/405 (a 400 for the
 * empty list is fine: the route exists).
 */
record BatchSupport(boolean agent, boolean enqueue) {

    static BatchSupport probe(Api api, String operatorToken, AgentFleet fleet, Report report) throws IOException {
        BenchAgent a = fleet.agents().get(0);
        int start;
        int enqueue;
        try (LeanHttp http = fleet.http()) {
            byte[] body = LeanHttp.ascii("{\"ids\":[\"" + UUID.randomUUID() + "\"]}");
            start = http.send(RequestCounts.Kind.OTHER, "POST", "/api/v1/agent/commands/start", a.bearer, body, body.length,
                    30_000);
            byte[] empty = LeanHttp.ascii("{\"commands\":[]}");
            enqueue = http.send(RequestCounts.Kind.OTHER, "POST", "/api/v1/commands/batch", LeanHttp.bearer(operatorToken),
                    empty, empty.length, 30_000);
        }
        BatchSupport s = new BatchSupport(start == 200, enqueue != 404 && enqueue != 405);
        report.detail("Batch endpoints", String.format("probe: POST agent/commands/start {ids:[unknown id]} answered %d "
                        + "(batched start/results %s); POST /commands/batch {commands:[]} answered %d (batch enqueue %s)", start,
                s.agent() ? "available" : "NOT available", enqueue, s.enqueue() ? "available" : "NOT available"));
        return s;
    }
}
