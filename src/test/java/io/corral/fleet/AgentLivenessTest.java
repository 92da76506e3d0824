package io.corral.fleet;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class AgentLivenessTest {
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-23T12:00:00Z");
    private static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

    @Test
    void neverSeenIsOffline() {
        assertThat(agent(null, null).statusAt(NOW, DEFAULT_TTL)).isEqualTo(AgentStatus.OFFLINE);
    }

    @Test
    void onlineUntilTheDefaultTtlHasPassed() {
        assertThat(agent(NOW.minusSeconds(29), null).statusAt(NOW, DEFAULT_TTL)).isEqualTo(AgentStatus.ONLINE);
        assertThat(agent(NOW.minusSeconds(30), null).statusAt(NOW, DEFAULT_TTL)).isEqualTo(AgentStatus.OFFLINE);
    }

    @Test
    void anAgentsOwnTtlWins() {
        assertThat(agent(NOW.minusSeconds(20), 10).statusAt(NOW, DEFAULT_TTL)).isEqualTo(AgentStatus.OFFLINE);
        assertThat(agent(NOW.minusSeconds(50), 60).statusAt(NOW, DEFAULT_TTL)).isEqualTo(AgentStatus.ONLINE);
    }

    private static Agent agent(OffsetDateTime lastSeen, Integer ttl) {
        Agent agent = new Agent("a", null, ttl, "hash");
        try {
            Field f = Agent.class.getDeclaredField("lastSeenAt");
            f.setAccessible(true);
            f.set(agent, lastSeen);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return agent;
    }
}
