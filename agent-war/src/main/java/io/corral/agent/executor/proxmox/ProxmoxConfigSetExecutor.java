package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.pve.PveException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code proxmox.config.set} {@code {"node","vmid","type"?,"config":{key: value, …},"delete"?,"digest"?}}:
 * {@code PUT …/config}. Values may be strings, numbers or booleans (sent as 1/0); a null value
 * deletes the key, as do the keys listed in {@code delete} (an array or a comma-separated string).
 * {@code digest} guards against concurrent edits (Proxmox refuses a stale one). A lock in the way is
 * retried with backoff, then {@code PVE_LOCKED}. Result: {@code {"node","vmid","type","updated":[…],
 * "deleted":[…]}} (plus the task fields if Proxmox answered with a task). Only keys of the allow-list
 * ({@link ConfigSetKeys}) are set or deleted; any other fails the command {@code KEY_NOT_ALLOWED}.
 */
public final class ProxmoxConfigSetExecutor extends GuestExecutor<ProxmoxConfigSetExecutor.Options> {

    public static final String TYPE = "proxmox.config.set";

    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    // Parameters of the call itself, never config keys (node/vmid would even re-address it).
    private static final Set<String> RESERVED = Set.of("node", "vmid", "delete", "digest", "skiplock", "revert",
            "force", "background_delay");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-fA-F]{1,64}");
    private static final int MAX_VALUE = 64 * 1024;

    /** The {@code PUT} parameters (set keys, {@code delete}, {@code digest}) and the keys deleted. */
    record Options(Map<String, String> params, List<String> deleted) {
    }

    private final PveTasks tasks;
    private final ConfigSetKeys allowed;

    public ProxmoxConfigSetExecutor(PveTasks tasks, ConfigSetKeys allowed) {
        super(TYPE, tasks.pve());
        this.tasks = tasks;
        this.allowed = allowed;
    }

    @Override
    protected Options options(Payload payload) throws CommandFailure {
        JsonObject config = payload.optionalObject("config").orElse(JsonValue.EMPTY_JSON_OBJECT);
        Map<String, String> params = new LinkedHashMap<>();
        List<String> deleted = new ArrayList<>(deletes(payload.optionalValue("delete").orElse(null)));
        for (Map.Entry<String, JsonValue> entry : config.entrySet()) {
            String key = entry.getKey();
            String field = "config." + key;
            if (!KEY.matcher(key).matches()) {
                throw CommandFailure.invalidPayload(field, "is not a Proxmox config key");
            }
            if (RESERVED.contains(key)) {
                throw CommandFailure.invalidPayload(field, "is not a config key (use the payload's own fields)");
            }
            allowed.check(field, key);
            JsonValue value = entry.getValue();
            if (value == JsonValue.NULL) {
                deleted.add(key);
            } else {
                params.put(key, text(field, value));
            }
        }
        for (String key : deleted) {
            allowed.check("delete", key);
            if (params.containsKey(key)) {
                throw CommandFailure.invalidPayload("delete", "'" + key + "' is both set and deleted");
            }
        }
        if (params.isEmpty() && deleted.isEmpty()) {
            throw CommandFailure.invalidPayload("config", "must set or delete at least one key");
        }
        if (!deleted.isEmpty()) {
            params.put("delete", String.join(",", deleted));
        }
        payload.optionalMatching("digest", DIGEST, "must be a hex digest").ifPresent(d -> params.put("digest", d));
        return new Options(params, deleted);
    }

    @Override
    protected JsonObject run(CommandContext context, GuestRef guest, Options options) throws CommandFailure {
        String path = guest.path() + "/config";
        JsonObjectBuilder result = guest.toJson();
        for (int attempt = 0; ; attempt++) {
            JsonValue answer;
            try {
                answer = pve.put(path, options.params());
            } catch (PveException e) {
                PveTasks.checkInterrupted();
                if (PveErrors.isLock(e)) {
                    tasks.backOffOrFail(context, attempt, TYPE + " " + guest.label() + ": " + e.shortReason(),
                            PveErrors.isTransientLock(e.getMessage()));
                    continue;
                }
                throw PveErrors.failure(e, guest);
            }
            if (answer instanceof JsonString upid && upid.getString().startsWith("UPID:")) {
                // Some Proxmox versions answer with a task: follow it like any other.
                TaskOutcome outcome = tasks.await(context, guest.node(), upid.getString(), TYPE, null, false);
                switch (outcome.kind()) {
                    case OK, WARNINGS -> outcome.toJson().build().forEach(result::add);
                    case CANCELLED -> throw PveTasks.cancelled(TYPE, outcome, null);
                    case LOCKED -> throw new CommandFailure(CommandFailure.PVE_LOCKED, outcome.describe());
                    default -> throw PveTasks.taskFailed(TYPE + " " + guest.label(), outcome);
                }
            }
            break;
        }
        JsonArrayBuilder updated = Json.createArrayBuilder();
        options.params().keySet().stream().filter(k -> !k.equals("delete") && !k.equals("digest"))
                .forEach(updated::add);
        JsonArrayBuilder removed = Json.createArrayBuilder();
        options.deleted().forEach(removed::add);
        return result.add("updated", updated).add("deleted", removed).build();
    }

    private static List<String> deletes(JsonValue value) throws CommandFailure {
        List<String> keys = new ArrayList<>();
        if (value == null || value == JsonValue.NULL) {
            return keys;
        }
        List<String> raw = new ArrayList<>();
        if (value instanceof JsonString text) {
            raw.addAll(List.of(text.getString().split("[,;\\s]+")));
        } else if (value instanceof JsonArray array) {
            for (JsonValue item : array) {
                if (!(item instanceof JsonString text)) {
                    throw CommandFailure.invalidPayload("delete", "must be an array of config keys");
                }
                raw.add(text.getString());
            }
        } else {
            throw CommandFailure.invalidPayload("delete", "must be an array of config keys or a comma-separated string");
        }
        for (String key : raw) {
            if (key.isBlank()) {
                continue;
            }
            if (!KEY.matcher(key).matches() || RESERVED.contains(key)) {
                throw CommandFailure.invalidPayload("delete", "'" + key + "' is not a Proxmox config key");
            }
            keys.add(key);
        }
        return keys;
    }

    private static String text(String field, JsonValue value) throws CommandFailure {
        String text;
        if (value instanceof JsonString s) {
            text = s.getString();
        } else if (value instanceof JsonNumber n) {
            text = n.isIntegral() ? n.bigIntegerValue().toString() : n.bigDecimalValue().toPlainString();
        } else if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            text = value == JsonValue.TRUE ? "1" : "0";
        } else {
            throw CommandFailure.invalidPayload(field, "must be a string, a number, a boolean or null");
        }
        if (text.length() > MAX_VALUE) {
            throw CommandFailure.invalidPayload(field, "is longer than " + MAX_VALUE + " characters");
        }
        return text;
    }
}
