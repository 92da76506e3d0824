package io.corral.agent.ssh;

import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which target a command means: {@code "target":"web-1"} by name, or {@code "vmid"} (and
 * optionally {@code "node"}) for the guest's target.
 */
public record TargetSelector(String name, Integer vmid, String node) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public static TargetSelector from(JsonObject json) throws CommandFailure {
        Payload payload = new Payload(json);
        Optional<String> name = payload.optionalString("target");
        if (name.isPresent()) {
            if (!NAME.matcher(name.get()).matches()) {
                throw CommandFailure.invalidPayload("target", "must be a target name");
            }
            return new TargetSelector(name.get(), null, null);
        }
        if (json.containsKey("vmid")) {
            return new TargetSelector(null, payload.vmid("vmid"), payload.optionalNode("node").orElse(null));
        }
        throw CommandFailure.invalidPayload("target", "is required");
    }

    boolean matches(SshTarget target) {
        if (name != null) {
            return name.equals(target.name());
        }
        // VMIDs are unique in a cluster: the node only narrows when both sides name one.
        return vmid.equals(target.vmid()) && (node == null || target.node() == null || node.equals(target.node()));
    }

    @Override
    public String toString() {
        return name != null ? "target " + name : "guest " + vmid + (node == null ? "" : " on " + node);
    }
}
