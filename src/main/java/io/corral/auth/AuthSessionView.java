package io.corral.auth;

import io.corral.platform.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An auth session as the API shows it: state, reason, when it entered each state, its VM and how to
 * open its desktop. Never its token, never a secret ({@code credentialId} points into the vault).
 */
public record AuthSessionView(UUID id, String provider, String state, String reason, VmRef vm, Desktop desktop,
                              UUID credentialId, String createdBy, OffsetDateTime createdAt,
                              OffsetDateTime stateChangedAt, Map<String, OffsetDateTime> timestamps,
                              List<AuthSessionEvent> events, JsonObject options) {

    /** The browser VM: where it is, its inventory id once listed, its commands, and what became of it. */
    public record VmRef(UUID agentId, String node, int templateVmid, int vmid, String name, UUID vmId,
                        UUID cloneCommandId, UUID startCommandId, UUID destroyCommandId, boolean preserve,
                        String note) {
    }

    /**
     * Where the console shows the session and its VM's desktop, relayed through Corral
     * ({@code /console/session.xhtml?id=…}).
     */
    public record Desktop(String consoleUrl) {
        static Desktop of(UUID sessionId) {
            return new Desktop("/console/session.xhtml?id=" + sessionId);
        }
    }

    public static AuthSessionView of(AuthSession s, List<AuthSessionEvent> events) {
        Map<String, OffsetDateTime> timestamps = new LinkedHashMap<>();
        for (AuthSessionEvent e : events) {
            timestamps.putIfAbsent(e.to(), e.at());
        }
        return new AuthSessionView(s.id(), s.provider(), s.state().value(), s.reason(),
                new VmRef(s.agentId(), s.node(), s.templateVmid(), s.vmid(), s.vmName(), s.vmId(), s.cloneCommandId(),
                        s.startCommandId(), s.destroyCommandId(), s.preserveVm(), s.vmNote()),
                Desktop.of(s.id()), s.credentialId(), s.createdBy(), s.createdAt(),
                s.stateChangedAt(), timestamps, events, json(s.options()));
    }

    private static JsonObject json(String text) {
        try (JsonReader r = Jsons.JSON.createReader(new StringReader(text == null ? "{}" : text))) {
            return r.readObject();
        }
    }
}
