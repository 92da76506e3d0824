package io.corral.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandFilterTest {
    private static final UUID ID = UUID.fromString("3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b");

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cursorRoundTrips() {
        CommandFilter.Cursor cursor = new CommandFilter.Cursor(
                OffsetDateTime.of(2025, 3, 1, 12, 34, 56, 123_456_000, ZoneOffset.UTC), ID);
        assertThat(CommandFilter.Cursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void cursorRoundTripsWholeMinutesNanosAndOffsets() {
        for (OffsetDateTime at : new OffsetDateTime[] {
                OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 1, ZoneOffset.UTC),
                OffsetDateTime.of(2025, 6, 30, 23, 59, 59, 999_999_999, ZoneOffset.ofHoursMinutes(5, 30)),
                OffsetDateTime.of(1999, 12, 31, 23, 59, 0, 0, ZoneOffset.ofHours(-8))}) {
            CommandFilter.Cursor cursor = new CommandFilter.Cursor(at, UUID.randomUUID());
            CommandFilter.Cursor back = CommandFilter.Cursor.decode(cursor.encode());
            assertThat(back).isEqualTo(cursor);
            assertThat(back.createdAt()).isEqualTo(at);
            assertThat(back.createdAt().getOffset()).isEqualTo(at.getOffset());
        }
    }

    @Test
    void encodedCursorIsUrlSafe() {
        for (int i = 0; i < 50; i++) {
            String encoded = new CommandFilter.Cursor(OffsetDateTime.now(), UUID.randomUUID()).encode();
            assertThat(encoded).matches("[A-Za-z0-9_-]+");
        }
    }

    @Test
    void differentPositionsEncodeDifferently() {
        OffsetDateTime at = OffsetDateTime.of(2025, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        assertThat(new CommandFilter.Cursor(at, ID).encode())
                .isNotEqualTo(new CommandFilter.Cursor(at.plusNanos(1000), ID).encode())
                .isNotEqualTo(new CommandFilter.Cursor(at, UUID.randomUUID()).encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "not a cursor", "a", "%%%%", "abc+/=="})
    void garbageThrows(String text) {
        assertThatThrownBy(() -> CommandFilter.Cursor.decode(text)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void wellEncodedGarbageThrows() {
        assertThatThrownBy(() -> CommandFilter.Cursor.decode(base64("hello")))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> CommandFilter.Cursor.decode(base64("2025-03-01T12:00Z")))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> CommandFilter.Cursor.decode(base64("2025-03-01T12:00Z|not-a-uuid")))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> CommandFilter.Cursor.decode(base64("yesterday|" + ID)))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> CommandFilter.Cursor.decode(base64("|" + ID)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void nullThrows() {
        assertThatThrownBy(() -> CommandFilter.Cursor.decode(null)).isInstanceOf(RuntimeException.class);
    }
}
