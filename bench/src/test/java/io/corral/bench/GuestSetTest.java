package io.corral.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GuestSetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(JsonBytes json) throws Exception {
        return JSON.readTree(json.bytes(), 0, json.length());
    }

    @Test
    void writesTheWholeInventoryAsAHeartbeatBody() throws Exception {
        GuestSet g = new GuestSet(42, 100, 2, "2026-11-30T03:00:00Z");
        JsonBytes json = new JsonBytes();
        g.beat(json, 0, 3600);
        JsonNode body = parse(json);
        assertThat(body.path("nodes")).hasSize(1);
        assertThat(body.path("guests")).hasSize(100);
        Set<Integer> vmids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (JsonNode guest : body.path("guests")) {
            vmids.add(guest.path("vmid").asInt());
            names.add(guest.path("name").asText());
            assertThat(guest.path("node").asText()).isEqualTo(body.path("nodes").get(0).path("name").asText());
            assertThat(guest.path("status").asText()).isEqualTo("running"); // the first beat changes nothing
        }
        assertThat(vmids).hasSize(100).contains(100, 199);
        assertThat(names).contains("s42-vm0", "s42-vm99");
    }

    @Test
    void eachLaterBeatChangesExactlyTheAskedNumberOfGuestsRoundRobin() throws Exception {
        GuestSet g = new GuestSet(0, 10, 3, "2026-11-30T03:00:00Z");
        JsonBytes json = new JsonBytes();
        g.beat(json, 0, 1);
        String[] previous = statuses(parse(json));
        for (int round = 1; round <= 20; round++) {
            g.beat(json, round, 1 + round);
            String[] now = statuses(parse(json));
            Set<Integer> changed = new HashSet<>();
            for (int i = 0; i < now.length; i++) {
                if (!now[i].equals(previous[i])) {
                    changed.add(i);
                }
            }
            Set<Integer> expected = new HashSet<>();
            for (int k = 0; k < 3; k++) {
                expected.add((int) (((round - 1) * 3L + k) % 10));
            }
            assertThat(changed).isEqualTo(expected);
            previous = now;
        }
        assertThat(g.flips()).isEqualTo(60);
    }

    @Test
    void aStoppedGuestReportsNoMemoryOrUptime() throws Exception {
        GuestSet g = new GuestSet(1, 4, 1, "2026-11-30T03:00:00Z");
        JsonBytes json = new JsonBytes();
        g.beat(json, 1, 500);
        JsonNode first = parse(json).path("guests").get(0);
        assertThat(first.path("status").asText()).isEqualTo("stopped");
        assertThat(first.path("uptime").asLong()).isZero();
        assertThat(first.path("mem").asLong()).isZero();
        assertThat(parse(json).path("guests").get(1).path("uptime").asLong()).isEqualTo(500);
    }

    private static String[] statuses(JsonNode body) {
        String[] s = new String[body.path("guests").size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = body.path("guests").get(i).path("status").asText();
        }
        return s;
    }
}
