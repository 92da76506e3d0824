package io.corral.agent.ssh;

import io.corral.agent.executor.CommandFailure;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * One reading of the targets file: the usable targets, and those refused for their address
 * (kept so that asking for one says {@code SSH_TARGET_FORBIDDEN}, not {@code SSH_REQUIRED}).
 * Invalid entries are skipped with a warning naming the entry and the field.
 */
record SshTargetsFile(List<SshTarget> usable, List<Refused> refused) {

    private static final Logger LOG = Logger.getLogger(SshTargetsFile.class.getName());
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,253}");
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    record Refused(SshTarget target, String reason) {
    }

    Optional<String> refusedReason(TargetSelector selector) {
        return refused.stream().filter(r -> selector.matches(r.target())).map(Refused::reason).findFirst();
    }

    static SshTargetsFile parse(String text, SshAddressGuard guard, Path source) {
        if (text.isBlank()) {
            return new SshTargetsFile(List.of(), List.of());
        }
        JsonArray entries = Json.createReader(new StringReader(text)).readArray();
        List<SshTarget> usable = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            SshTarget target;
            try {
                target = target(entries.get(i));
            } catch (IllegalArgumentException e) {
                int index = i;
                LOG.warning(() -> "Skipping SSH target #" + index + " in " + source + ": " + e.getMessage());
                continue;
            }
            if (!names.add(target.name())) {
                LOG.warning(() -> "Skipping SSH target " + target.name() + " in " + source + ": duplicate name");
                continue;
            }
            try {
                guard.resolve(target.host());
                usable.add(target);
            } catch (CommandFailure e) {
                if (SshErrors.TARGET_FORBIDDEN.equals(e.code())) {
                    LOG.warning(() -> "Refusing SSH target " + target.name() + ": " + e.getMessage());
                    refused.add(new Refused(target, e.getMessage()));
                } else {
                    // Not resolvable now; checked again at connect time.
                    usable.add(target);
                }
            }
        }
        LOG.info(() -> "SSH targets from " + source + ": " + usable.size() + " usable, " + refused.size() + " refused");
        return new SshTargetsFile(List.copyOf(usable), List.copyOf(refused));
    }

    private static SshTarget target(JsonValue value) {
        if (!(value instanceof JsonObject json)) {
            throw new IllegalArgumentException("not an object");
        }
        String name = string(json, "name", true);
        if (!TargetSelector.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-'");
        }
        String host = string(json, "host", true);
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException(name + ": host must be a host name or IP address");
        }
        String user = string(json, "user", true);
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException(name + ": user is not a valid user name");
        }
        Integer port = integer(json, "port", 1, 65_535);
        String keyFile = string(json, "privateKeyFile", false);
        String key = string(json, "privateKey", false);
        String keyRef = string(json, "keyRef", false);
        if ((keyFile == null ? 0 : 1) + (key == null ? 0 : 1) + (keyRef == null ? 0 : 1) != 1) {
            throw new IllegalArgumentException(name + ": exactly one of privateKeyFile, privateKey and keyRef is required");
        }
        PinnedHostKey hostKey;
        try {
            hostKey = PinnedHostKey.parse(string(json, "hostKey", true));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
        String node = string(json, "node", false);
        if (node != null && !NODE.matcher(node).matches()) {
            throw new IllegalArgumentException(name + ": node must be a Proxmox node name");
        }
        return new SshTarget(name, stripBrackets(host), port == null ? 22 : port, user,
                keyFile == null ? null : Path.of(keyFile), key, hostKey,
                integer(json, "vmid", 100, 999_999_999), node, keyRef);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String string(JsonObject json, String field, boolean required) {
        JsonValue value = json.get(field);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!(value instanceof JsonString text) || text.getString().isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-empty string");
        }
        return text.getString().trim();
    }

    private static Integer integer(JsonObject json, String field, int min, int max) {
        JsonValue value = json.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()
                || number.longValue() < min || number.longValue() > max) {
            throw new IllegalArgumentException(field + " must be an integer between " + min + " and " + max);
        }
        return number.intValue();
    }
}
