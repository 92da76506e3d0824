package io.corral.command;

import jakarta.json.JsonValue;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/v1/agent/commands/{id}/result}. */
public record ResultReport(String status, JsonValue result, Error error) {

    /** A failure's typed code (the column's size) and its free-text message (cut to 4000 characters). */
    public record Error(@Size(max = 64) String code, String message) {
    }
}
