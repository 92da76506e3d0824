package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@code proxmox.clone} payload asks for besides the source guest, checked against Proxmox's
 * own formats so that nothing malformed reaches its API. {@code slotWait} is empty when the agent's
 * default applies.
 */
record CloneOptions(int newid, Optional<String> name, Optional<Boolean> full, Optional<String> target,
                    Optional<String> storage, Optional<String> pool, Optional<String> description,
                    Optional<Duration> slotWait) {

    // PVE's formats: pve-storage-id, pve-poolid, dns-name.
    private static final Pattern STORAGE = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,99}");
    private static final Pattern POOL = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Pattern NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final int MAX_DESCRIPTION = 8 * 1024;

    static CloneOptions read(Payload payload) throws CommandFailure {
        if (!payload.has("newid")) {
            throw CommandFailure.invalidPayload("newid", "is required (the control plane reserves VMIDs)");
        }
        int newid = payload.vmid("newid");
        if (newid == payload.vmid("vmid")) {
            throw CommandFailure.invalidPayload("newid", "must differ from vmid");
        }
        Optional<String> description = payload.optionalString("description");
        if (description.isPresent() && description.get().length() > MAX_DESCRIPTION) {
            throw CommandFailure.invalidPayload("description", "is longer than " + MAX_DESCRIPTION + " characters");
        }
        return new CloneOptions(newid,
                payload.optionalMatching("name", NAME, "must be a DNS name"),
                payload.optionalBoolean("full"),
                payload.optionalNode("target"),
                payload.optionalMatching("storage", STORAGE, "must be a Proxmox storage id"),
                payload.optionalMatching("pool", POOL, "must be a Proxmox pool id"),
                description,
                payload.optionalLong("slotWaitSeconds", 0, 7 * 86_400).map(Duration::ofSeconds));
    }

    /** The parameters of {@code POST …/clone}; a container's name is its {@code hostname}. */
    Map<String, String> params(GuestRef source) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("newid", String.valueOf(newid));
        name.ifPresent(n -> params.put(source.isVm() ? "name" : "hostname", n));
        full.ifPresent(f -> params.put("full", f ? "1" : "0"));
        target.ifPresent(t -> params.put("target", t));
        storage.ifPresent(s -> params.put("storage", s));
        pool.ifPresent(p -> params.put("pool", p));
        description.ifPresent(d -> params.put("description", d));
        return params;
    }

    /** {@code "newid","name","target"} (+ {@code "storage","full"} when asked for) of the result. */
    JsonObjectBuilder addTo(JsonObjectBuilder json, GuestRef source) {
        json.add("newid", newid);
        if (name.isPresent()) {
            json.add("name", name.get());
        } else {
            json.addNull("name");
        }
        json.add("target", target.orElse(source.node()));
        storage.ifPresent(s -> json.add("storage", s));
        full.ifPresent(f -> json.add("full", f));
        return json;
    }
}
