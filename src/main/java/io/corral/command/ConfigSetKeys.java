package io.corral.command;

import io.corral.platform.error.ApiException;
import io.corral.platform.error.ValidationProblem;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Response.Status;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Proxmox config keys a {@code proxmox.config.set} may set or delete, checked at enqueue
 * ({@code CORRAL_CONFIG_SET_KEYS}); the agent checks its own list again before it calls Proxmox.
 * An entry is a key, or a family with {@code [n]} for its index ({@code net[n]}: net0, net1…).
 */
final class ConfigSetKeys {
    static final String TYPE = "proxmox.config.set";

    /**
     * What a fleet operator changes on a guest. Left out on purpose: {@code args} (raw QEMU
     * arguments), {@code hookscript} (runs a script on the node), {@code hostpci*}, {@code usb*},
     * {@code serial*}, {@code parallel*} (host devices), volume keys ({@code scsi*}, {@code virtio*},
     * {@code sata*}, {@code ide*}, {@code efidisk*}, {@code rootfs}, {@code mp*}) and {@code cipassword}
     * (a secret would be stored in the command's payload). The agent's default is the same list.
     */
    static final String DEFAULT = "name,description,tags,memory,balloon,shares,cores,sockets,vcpus,cpu,"
            + "cpulimit,cpuunits,numa,onboot,startup,boot,agent,protection,ostype,hotplug,net[n],ipconfig[n],"
            + "ciuser,sshkeys,nameserver,searchdomain,hostname,swap";

    private final List<String> entries;
    private final List<Pattern> patterns;

    private ConfigSetKeys(List<String> entries) {
        this.entries = List.copyOf(entries);
        this.patterns = this.entries.stream()
                .map(e -> Pattern.compile(Pattern.quote(e.replace("[n]", "")) + (e.endsWith("[n]") ? "\\d{1,3}" : "")))
                .toList();
    }

    /** {@code a, b, net[n]}; blank means {@link #DEFAULT}. */
    static ConfigSetKeys parse(String commaSeparated) {
        List<String> entries = Arrays.stream(commaSeparated == null ? new String[0] : commaSeparated.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return entries.isEmpty() ? parse(DEFAULT) : new ConfigSetKeys(entries);
    }

    List<String> entries() {
        return entries;
    }

    /**
     * Checks the keys of {@code payload.config} and of {@code payload.delete} (an array or a
     * comma-separated string, as the agent reads it).
     *
     * @throws ApiException 400 {@code KEY_NOT_ALLOWED} naming the first key outside the list
     */
    void check(JsonObject payload) {
        if (payload.get("config") instanceof JsonObject config) {
            for (String key : config.keySet()) {
                check("payload.config." + key, key);
            }
        }
        for (String key : deleted(payload.get("delete"))) {
            check("payload.delete", key);
        }
    }

    private void check(String field, String key) {
        if (patterns.stream().noneMatch(p -> p.matcher(key).matches())) {
            throw new ApiException(Status.BAD_REQUEST, "KEY_NOT_ALLOWED", field + ": config key '" + key
                    + "' is not allowed for " + TYPE + " (allowed: " + String.join(",", entries) + ")");
        }
    }

    private static List<String> deleted(JsonValue value) {
        List<String> keys = new ArrayList<>();
        if (value == null || value == JsonValue.NULL) {
            return keys;
        }
        if (value instanceof JsonString text) {
            Arrays.stream(text.getString().split("[,;\\s]+")).filter(k -> !k.isBlank()).forEach(keys::add);
        } else if (value instanceof JsonArray array) {
            for (JsonValue item : array) {
                if (!(item instanceof JsonString text)) {
                    throw new ValidationProblem("payload.delete", "must be an array of config keys");
                }
                keys.add(text.getString());
            }
        } else {
            throw new ValidationProblem("payload.delete", "must be an array of config keys or a comma-separated string");
        }
        return keys;
    }
}
