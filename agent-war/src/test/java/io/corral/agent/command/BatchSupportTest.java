package io.corral.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.control.ControlPlaneResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A control plane without a batch endpoint is remembered per link and asked again later. */
class BatchSupportTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final BatchSupport support = new BatchSupport("POST /api/v1/agent/commands/start", "one by one",
            Duration.ofMinutes(5), now::get);

    @Test
    void a404Or405OnTheBatchPathMeansNoBatchEndpointUntilTheRecheck() {
        assertThat(support.available()).isTrue();

        assertThat(support.answeredMissing(new ControlPlaneResponse(405, null))).isTrue();
        assertThat(support.available()).isFalse();
        now.addAndGet(Duration.ofMinutes(4).toNanos());
        assertThat(support.available()).isFalse();
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(support.available()).isTrue();

        assertThat(support.answeredMissing(new ControlPlaneResponse(404, NOT_FOUND))).isTrue();
        assertThat(support.available()).as("still missing at the recheck: another 5 min").isFalse();
    }

    private static final JsonObject NOT_FOUND = Json.createObjectBuilder().add("code", "NOT_FOUND")
            .add("message", "No resource").build();

    @Test
    void aBare404FromAServerWhoseApplicationIsStillDeployingIsNoVerdict() {
        assertThat(support.answeredMissing(new ControlPlaneResponse(404, null))).isFalse();
        assertThat(support.available()).isTrue();
    }

    @Test
    void otherAnswersAreNoSignOfAMissingEndpoint() {
        for (int status : new int[] {200, 400, 401, 413, 500, 502, 503}) {
            assertThat(support.answeredMissing(new ControlPlaneResponse(status, null))).as("HTTP " + status).isFalse();
        }
        assertThat(support.available()).isTrue();
    }

    @Test
    void aControlPlaneUpgradedMeanwhileIsUsedAgainOnceItAnswers() {
        support.answeredMissing(new ControlPlaneResponse(404, NOT_FOUND));
        now.addAndGet(Duration.ofMinutes(5).toNanos());

        assertThat(support.answeredMissing(new ControlPlaneResponse(200, null))).isFalse();
        now.addAndGet(1);
        assertThat(support.available()).isTrue();
    }
}
