package io.corral.platform.rest;

import io.corral.platform.error.ValidationProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdsTest {
    private static final String ID = "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b";

    @Test
    void canonicalUuidIsParsed() {
        assertThat(Ids.parse("id", ID)).isEqualTo(UUID.fromString(ID));
        assertThat(Ids.parse("id", "00000000-0000-0000-0000-000000000000")).isEqualTo(new UUID(0, 0));
    }

    @Test
    void upperCaseIsTheSameId() {
        assertThat(Ids.parse("id", ID.toUpperCase())).isEqualTo(UUID.fromString(ID));
        assertThat(Ids.isUuid(ID.toUpperCase())).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"nope", "123", "1-1-1-1-1", "3f2b8c1e9a4d4e6f8b7a1c2d3e4f5a6b",
            "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6", "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6bb",
            " 3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b", "{3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b}",
            "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6g", "0003f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b"})
    void anythingElseIsA400NamingTheField(String value) {
        assertThatThrownBy(() -> Ids.parse("agentId", value)).isInstanceOfSatisfying(ValidationProblem.class, p -> {
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(p.getMessage()).startsWith("agentId: ").endsWith("is not a UUID");
        });
        assertThat(Ids.isUuid(value)).isFalse();
    }

    @Test
    void theRefusedValueIsQuoted() {
        assertThatThrownBy(() -> Ids.parse("id", "nope")).hasMessage("id: 'nope' is not a UUID");
    }

    @Test
    void isUuidAcceptsCanonicalIds() {
        assertThat(Ids.isUuid(ID)).isTrue();
        assertThat(Ids.isUuid(UUID.randomUUID().toString())).isTrue();
    }
}
