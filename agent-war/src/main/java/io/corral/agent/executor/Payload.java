package io.corral.agent.executor;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Typed, validating reads of a command payload. Wrong or missing values fail with
 * {@code INVALID_PAYLOAD} naming the field; a JSON null counts as absent for optional fields.
 */
public final class Payload {

    // Proxmox node names are host names; anything else must never reach a request path.
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final int MIN_VMID = 100;
    private static final int MAX_VMID = 999_999_999;

    private final JsonObject json;

    public Payload(JsonObject json) {
        this.json = json == null ? JsonValue.EMPTY_JSON_OBJECT : json;
    }

    public String node(String field) throws CommandFailure {
        return optionalNode(field).orElseThrow(() -> CommandFailure.invalidPayload(field, "is required"));
    }

    public Optional<String> optionalNode(String field) throws CommandFailure {
        Optional<String> node = optionalString(field);
        if (node.isPresent() && !NODE.matcher(node.get()).matches()) {
            throw CommandFailure.invalidPayload(field, "must be a Proxmox node name");
        }
        return node;
    }

    public int vmid(String field) throws CommandFailure {
        JsonValue value = present(field).orElseThrow(() -> CommandFailure.invalidPayload(field, "is required"));
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw CommandFailure.invalidPayload(field, "must be an integer");
        }
        long vmid = number.longValue();
        if (vmid < MIN_VMID || vmid > MAX_VMID) {
            throw CommandFailure.invalidPayload(field, "must be between " + MIN_VMID + " and " + MAX_VMID);
        }
        return (int) vmid;
    }

    /** {@code qemu} or {@code lxc}. */
    public Optional<String> optionalGuestType(String field) throws CommandFailure {
        Optional<String> type = optionalString(field);
        if (type.isPresent() && !type.get().equals("qemu") && !type.get().equals("lxc")) {
            throw CommandFailure.invalidPayload(field, "must be \"qemu\" or \"lxc\"");
        }
        return type;
    }

    public Optional<Boolean> optionalBoolean(String field) throws CommandFailure {
        Optional<JsonValue> value = present(field);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() == JsonValue.TRUE || value.get() == JsonValue.FALSE) {
            return Optional.of(value.get() == JsonValue.TRUE);
        }
        throw CommandFailure.invalidPayload(field, "must be true or false");
    }

    public Optional<String> optionalString(String field) throws CommandFailure {
        Optional<JsonValue> value = present(field);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof JsonString text)) {
            throw CommandFailure.invalidPayload(field, "must be a string");
        }
        return Optional.of(text.getString());
    }

    /** An optional integer within {@code [min, max]}. */
    public Optional<Long> optionalLong(String field, long min, long max) throws CommandFailure {
        Optional<JsonValue> value = present(field);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof JsonNumber number) || !number.isIntegral()) {
            throw CommandFailure.invalidPayload(field, "must be an integer");
        }
        long n = number.longValue();
        if (n < min || n > max) {
            throw CommandFailure.invalidPayload(field, "must be between " + min + " and " + max);
        }
        return Optional.of(n);
    }

    /** An optional VMID (100 … 999999999). */
    public Optional<Integer> optionalVmid(String field) throws CommandFailure {
        return present(field).isEmpty() ? Optional.empty() : Optional.of(vmid(field));
    }

    /** An optional string matching {@code pattern}; {@code problem} says what it must be. */
    public Optional<String> optionalMatching(String field, Pattern pattern, String problem) throws CommandFailure {
        Optional<String> text = optionalString(field);
        if (text.isPresent() && !pattern.matcher(text.get()).matches()) {
            throw CommandFailure.invalidPayload(field, problem);
        }
        return text;
    }

    public Optional<JsonObject> optionalObject(String field) throws CommandFailure {
        Optional<JsonValue> value = present(field);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof JsonObject object)) {
            throw CommandFailure.invalidPayload(field, "must be an object");
        }
        return Optional.of(object);
    }

    public boolean has(String field) {
        return present(field).isPresent();
    }

    /** The value as sent, for fields that take more than one JSON kind; empty when absent or null. */
    public Optional<JsonValue> optionalValue(String field) {
        return present(field);
    }

    private Optional<JsonValue> present(String field) {
        JsonValue value = json.get(field);
        return value == null || value == JsonValue.NULL ? Optional.empty() : Optional.of(value);
    }
}
