package io.corral.platform.db;

import io.corral.fleet.Agent;
import io.corral.fleet.Node;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntityMappingTest {

    @Test
    void readsTableAndColumnNamesFromAnnotations() {
        EntityMapping agent = EntityMapping.of(Agent.class);
        assertThat(agent.table()).isEqualTo("agent");
        assertThat(agent.columns()).contains("id", "name", "token_hash", "last_seen_at", "pve_reachable")
                .doesNotContain("tokenHash", "lastSeenAt");
    }

    @Test
    void compositeKeysAreColumnsToo() {
        assertThat(EntityMapping.of(Node.class).columns()).contains("agent_id", "name", "updated_at");
    }
}
