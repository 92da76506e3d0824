package io.corral.platform.rest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class BodyLimitFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"v1/agent/heartbeat", "/v1/agent/heartbeat", "v1/agent/commands/x/result",
        "v1/agent/targets"})
    void theAgentApiHasItsOwnLimit(String path) {
        assertThat(BodyLimitFilter.isAgentApi(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1/agents", "v1/agents/x/targets", "v1/commands", "v1/agent", "", "/agent/v1/agent/x"})
    void everythingElseKeepsTheGeneralLimit(String path) {
        assertThat(BodyLimitFilter.isAgentApi(path)).isFalse();
    }
}
