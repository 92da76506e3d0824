package io.corral.fleet;

/** The body of {@code POST /api/v1/agents/{id}/targets}. */
public record TargetRequest(String name, String host, Integer port, String user, String keyRef, String hostKey,
                            String node, Integer vmid) {
}
