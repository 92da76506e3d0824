package io.corral.fleet;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An SSH target as the APIs show it (it holds no secret: the key stays on the agent). */
public record TargetView(UUID id, String name, String host, int port, String user, String keyRef, String hostKey,
                         String node, Integer vmid, String createdBy, OffsetDateTime createdAt) {
    public static TargetView of(SshTarget t) {
        return new TargetView(t.getId(), t.getName(), t.getHost(), t.getPort(), t.getUsername(), t.getKeyRef(),
                t.getHostKey(), t.getNode(), t.getVmid(), t.getCreatedBy(), t.getCreatedAt());
    }
}
