package io.corral.fleet;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A change of one state of an agent or a guest, planned by a rule and applied only if the state
 * is still {@code from} (compare-and-set); each applied change is a fleet event.
 *
 * @param kind {@code liveness} or {@code health}
 */
public record FleetChange(String subjectType, UUID subjectId, String subjectName, UUID agentId, String kind,
                          String from, String to, String reason) {

    public FleetEvent event(OffsetDateTime at, String actor) {
        return new FleetEvent(0, at, subjectType, subjectId, subjectName, agentId, kind, from, to, reason, actor);
    }
}
