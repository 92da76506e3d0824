package io.corral.maintenance;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PruneRunViewTest {

    @Test
    void rowsRemovedPerTableAreShownByTableName() {
        PruneRun run = new PruneRun(UUID.randomUUID(), "succeeded", "api", "admin", null, 7L, OffsetDateTime.now(),
                OffsetDateTime.now(), OffsetDateTime.now(), "{\"command_event\": 90, \"command\": 30}", 4, 1, 12, 12, null);
        PruneRunView view = PruneRunView.of(run, "COMPLETED");
        assertThat(view.removed()).containsExactly(java.util.Map.entry("command", 30L), java.util.Map.entry("command_event", 90L));
        assertThat(view.secretsCleared()).isEqualTo(4);
        assertThat(view.batchStatus()).isEqualTo("COMPLETED");
        assertThat(view.jobExecutionId()).isEqualTo(7L);
    }
}
