package io.corral.command;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** The body of {@code POST /api/v1/agent/commands/{id}/result}. */
public record ResultReport(String status, JsonValue result, JsonObject error) {
}
