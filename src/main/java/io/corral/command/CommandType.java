package io.corral.command;

import java.util.Map;

/**
 * A kind of work an agent can do. Read-only types are deduplicated automatically by
 * (agent, type, payload); {@code required} names payload fields and their JSON kind.
 */
public record CommandType(String name, boolean readOnly, Map<String, FieldKind> required) {

    public enum FieldKind { STRING, INTEGER, OBJECT, ARRAY, BOOLEAN }
}
