package io.corral.platform.rest;

import io.corral.platform.error.ValidationProblem;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamsTest {
    private static final UUID A = UUID.fromString("3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID C = UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff");

    /** A 400 VALIDATION_FAILED whose message names {@code field} ("field: problem"); returns the message. */
    private static String rejects(ThrowingCallable call, String field) {
        List<String> message = new ArrayList<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationProblem.class, p -> {
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(p.getMessage()).startsWith(field + ": ");
            message.add(p.getMessage());
        });
        return message.get(0);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void intInAbsentOrEmptyIsTheFallback(String value) {
        assertThat(Params.intIn("wait", value, 0, 60, 0)).isZero();
        assertThat(Params.intIn("max", value, 1, 100, 10)).isEqualTo(10);
    }

    @Test
    void intInKeepsValuesWithinInclusiveBounds() {
        assertThat(Params.intIn("wait", "0", 0, 60, 30)).isZero();
        assertThat(Params.intIn("wait", "60", 0, 60, 30)).isEqualTo(60);
        assertThat(Params.intIn("wait", "25", 0, 60, 30)).isEqualTo(25);
        assertThat(Params.intIn("max", "1", 1, 100, 10)).isEqualTo(1);
        assertThat(Params.intIn("max", "100", 1, 100, 10)).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "61", "1000", "2147483647", "-2147483648"})
    void intInOutOfBoundsNamesTheParameter(String value) {
        assertThat(rejects(() -> Params.intIn("wait", value, 0, 60, 0), "wait"))
                .isEqualTo("wait: must be an integer from 0 to 60");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5", "5s", "0x10", " ", " 5", "5 ", "1e2", "99999999999", "true", "-"})
    void intInNonNumbersNameTheParameter(String value) {
        assertThat(rejects(() -> Params.intIn("max", value, 1, 100, 10), "max"))
                .isEqualTo("max: must be an integer from 1 to 100");
    }

    @Test
    void idsAbsentIsNull() {
        assertThat(Params.ids("ids", null, 10)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void idsPresentWithoutValueIsEmpty(String value) {
        assertThat(Params.ids("ids", value, 10)).isEmpty();
    }

    @Test
    void idsCommaListIsParsedInOrder() {
        assertThat(Params.ids("ids", A.toString(), 10)).containsExactly(A);
        assertThat(Params.ids("ids", A + "," + B + "," + C, 10)).containsExactly(A, B, C);
        assertThat(Params.ids("ids", " " + A + " , " + B + " ", 10)).containsExactly(A, B);
        assertThat(Params.ids("ids", A.toString().toUpperCase(), 10)).containsExactly(A);
    }

    @Test
    void idsExactlyMaxIsAccepted() {
        String three = A + "," + B + "," + C;
        assertThat(Params.ids("ids", three, 3)).hasSize(3);
    }

    @Test
    void badIdNamesTheParameter() {
        assertThat(rejects(() -> Params.ids("agent", A + ",nope", 10), "agent")).contains("'nope'");
        rejects(() -> Params.ids("ids", "123", 10), "ids");
        rejects(() -> Params.ids("ids", "1-1-1-1-1", 10), "ids");
        rejects(() -> Params.ids("ids", A + "x", 10), "ids");
    }

    @ParameterizedTest
    @ValueSource(strings = {",", "%s,", ",%s", "%s,,%s"})
    void emptyItemsAreBadIds(String pattern) {
        String value = pattern.replace("%s", A.toString());
        rejects(() -> Params.ids("ids", value, 10), "ids");
    }

    @Test
    void moreThanMaxIsRefused() {
        String four = A + "," + B + "," + C + "," + A;
        assertThat(rejects(() -> Params.ids("ids", four, 3), "ids")).isEqualTo("ids: at most 3 ids");
        String many = IntStream.range(0, 101).mapToObj(i -> UUID.randomUUID().toString())
                .collect(Collectors.joining(","));
        rejects(() -> Params.ids("ids", many, 100), "ids");
    }

    @Test
    void tooManyIsRefusedBeforeTheItemsAreRead() {
        assertThat(rejects(() -> Params.ids("ids", "x,y,z", 2), "ids")).isEqualTo("ids: at most 2 ids");
    }
}
