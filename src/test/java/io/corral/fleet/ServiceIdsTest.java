package io.corral.fleet;

import io.corral.platform.error.ValidationProblem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceIdsTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "svc-42", "fulcrum:svc.42_b", "0", "ABC:def-1.2_3"})
    void acceptsShortPrintableIds(String id) {
        assertThat(ServiceIds.require("serviceId", id)).isEqualTo(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a b", "a/b", "ä", "a?b", "a%20b", " a", "a\n"})
    void refusesAnythingElseNamingTheField(String id) {
        assertThatThrownBy(() -> ServiceIds.require("serviceId", id))
                .isInstanceOf(ValidationProblem.class).hasMessageStartingWith("serviceId: ");
        assertThat(ServiceIds.valid(id)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void atMostAHundredCharacters() {
        assertThat(ServiceIds.valid("x".repeat(100))).isTrue();
        assertThat(ServiceIds.valid("x".repeat(101))).isFalse();
    }
}
