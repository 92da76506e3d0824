package io.corral.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonBytesTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsIdsAndPayloadNumbersOfAPollAnswer() throws Exception {
        byte[] body = b("{\"commands\":[{\"id\":\"a1\",\"type\":\"proxmox.list\",\"payload\":{\"x\":{\"id\":\"no\"},\"n\":7},"
                + "\"priority\":5,\"lockKey\":null},{\"payload\":{},\"id\":\"b2\"}],\"cancellations\":[\"c\"]}");
        List<String> seen = new ArrayList<>();
        JsonBytes.commands(body, body.length, (id, n) -> seen.add(id + "=" + n));
        assertThat(seen).containsExactly("a1=7", "b2=-1");
    }

    @Test
    void readsStartedAndRefusedOfABatchedStart() throws Exception {
        byte[] body = b("{\"started\":[\"a\",\"b\"],\"refused\":[{\"id\":\"c\",\"code\":\"INVALID_STATE\"}]}");
        List<String> seen = new ArrayList<>();
        JsonBytes.startAnswer(body, body.length, new JsonBytes.StartSink() {
            @Override
            public void started(String id) {
                seen.add("started " + id);
            }

            @Override
            public void refused(String id, String code) {
                seen.add("refused " + id + " " + code);
            }
        });
        assertThat(seen).containsExactly("started a", "started b", "refused c INVALID_STATE");
    }

    @Test
    void readsItemStatusesOfResultsAndBatchEnqueueAnswers() throws Exception {
        byte[] results = b("{\"items\":[{\"id\":\"a\",\"status\":200},{\"id\":\"b\",\"status\":409,\"code\":\"RESULT_CONFLICT\"}]}");
        byte[] enqueue = b("{\"items\":[{\"index\":0,\"status\":201,\"command\":{\"id\":\"x\",\"status\":\"queued\","
                + "\"payload\":{\"status\":3}}},{\"index\":1,\"status\":400,\"error\":{\"code\":\"VALIDATION\",\"message\":\"m\"}}]}");
        List<String> seen = new ArrayList<>();
        JsonBytes.items(results, results.length, (status, code) -> seen.add(status + " " + code));
        JsonBytes.items(enqueue, enqueue.length, (status, code) -> seen.add(status + " " + code));
        assertThat(seen).containsExactly("200 null", "409 RESULT_CONFLICT", "201 null", "400 VALIDATION");
    }

    @Test
    void writesListsWithoutATrailingComma() {
        JsonBytes json = new JsonBytes().raw("{\"ids\":[");
        for (String id : List.of("a", "b")) {
            json.string(id).raw(",");
        }
        json.trimComma().raw("],\"n\":").number(42).raw("}");
        assertThat(new String(json.bytes(), 0, json.length(), StandardCharsets.UTF_8)).isEqualTo("{\"ids\":[\"a\",\"b\"],\"n\":42}");
    }
}
