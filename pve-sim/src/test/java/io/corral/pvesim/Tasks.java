package io.corral.pvesim;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reading tasks and guests through the API, for the tests. */
final class Tasks {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final PveClient api;

    Tasks(PveClient api) {
        this.api = api;
    }

    static String node(String upid) {
        return upid.split(":")[1];
    }

    JsonNode status(String upid) {
        PveClient.Reply reply = api.get("/nodes/" + node(upid) + "/tasks/" + PveClient.encode(upid) + "/status");
        if (reply.status() != 200) {
            throw new AssertionError("task status: " + reply);
        }
        return reply.data();
    }

    /** Waits (bounded) until the task has stopped; returns its exit status. */
    String awaitEnd(String upid) {
        return Await.until("task " + upid + " to stop", TIMEOUT, () -> status(upid),
                s -> s.path("status").asText().equals("stopped")).path("exitstatus").asText();
    }

    List<String> log(String upid) {
        JsonNode log = api.get("/nodes/" + node(upid) + "/tasks/" + PveClient.encode(upid) + "/log?start=0&limit=500")
                .data();
        List<String> lines = new ArrayList<>();
        log.forEach(line -> lines.add(line.path("t").asText()));
        return lines;
    }

    /** {@code status/current} of a guest, or the failed reply's body when it does not exist there. */
    PveClient.Reply current(String node, String type, int vmid) {
        return api.get("/nodes/" + node + "/" + type + "/" + vmid + "/status/current");
    }
}
