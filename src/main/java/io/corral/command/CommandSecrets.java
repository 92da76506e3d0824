package io.corral.command;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Map;

/**
 * The payload and result fields of each command type that can carry secrets (file contents,
 * command output, configuration values), and how they are hidden: each such value becomes
 * {@link #MARKER}. Viewers and lists only ever see hidden values; operators and admins see them
 * on one command's own view (audited), and retention hides them for good after a while.
 */
public final class CommandSecrets {
    /** What stands in place of a secret value, everywhere it is hidden. */
    public static final String MARKER = "«redacted»";

    /** A secret field: its whole value, or each value of an object (its keys stay visible). */
    record Field(String name, boolean valuesOnly) {
    }

    private static final Map<String, List<Field>> PAYLOAD = Map.of(
            "ssh.write-config", List.of(new Field("content", false)),
            "ssh.exec", List.of(new Field("args", true)),
            "proxmox.config.set", List.of(new Field("config", true)));

    private static final Map<String, List<Field>> RESULT = Map.of(
            "ssh.read-config", List.of(new Field("content", false)),
            "ssh.exec", List.of(new Field("stdout", false), new Field("stderr", false)),
            "proxmox.config.get", List.of(new Field("config", true)));

    private CommandSecrets() {
    }

    /** True when commands of this type can carry secrets. */
    public static boolean has(String type) {
        return PAYLOAD.containsKey(type) || RESULT.containsKey(type);
    }

    /** The types whose commands can carry secrets. */
    public static List<String> types() {
        return java.util.stream.Stream.concat(PAYLOAD.keySet().stream(), RESULT.keySet().stream()).distinct()
                .sorted().toList();
    }

    /** The row with its secret payload and result values replaced by {@link #MARKER}. */
    public static CommandRow hidden(CommandRow r) {
        if (!has(r.type())) {
            return r;
        }
        return new CommandRow(r.id(), r.agentId(), r.type(), payload(r.type(), r.payload()), r.priority(), r.status(),
                r.dedupeKey(), r.lockKey(), r.attempt(), r.maxAttempts(), r.expiresAt(), r.leaseExpiresAt(),
                r.staleAfterSeconds(), r.cancelRequested(), result(r.type(), r.result()), r.errorCode(),
                r.errorMessage(), r.progress(), r.upid(), r.createdBy(), r.createdAt(), r.leasedAt(), r.startedAt(),
                r.progressAt(), r.finishedAt(), r.lockKeys());
    }

    /** A payload (JSON text, may be null) with this type's secret values hidden. */
    public static String payload(String type, String json) {
        return hide(PAYLOAD.get(type), json);
    }

    /** A result (JSON text, may be null) with this type's secret values hidden. */
    public static String result(String type, String json) {
        return hide(RESULT.get(type), json);
    }

    private static String hide(List<Field> fields, String json) {
        if (fields == null || json == null) {
            return json;
        }
        JsonValue value = CanonicalJson.parse(json);
        if (!(value instanceof JsonObject object)) {
            return json;
        }
        JsonObjectBuilder out = CanonicalJson.JSON.createObjectBuilder(object);
        boolean changed = false;
        for (Field f : fields) {
            JsonValue v = object.get(f.name());
            if (v == null || v == JsonValue.NULL) {
                continue;
            }
            out.add(f.name(), f.valuesOnly() && v instanceof JsonObject o ? eachValue(o) : marker());
            changed = true;
        }
        return changed ? CanonicalJson.of(out.build()) : json;
    }

    private static JsonObject eachValue(JsonObject o) {
        JsonObjectBuilder b = CanonicalJson.JSON.createObjectBuilder();
        o.keySet().forEach(k -> b.add(k, marker()));
        return b.build();
    }

    private static JsonValue marker() {
        return CanonicalJson.JSON.createValue(MARKER);
    }
}
