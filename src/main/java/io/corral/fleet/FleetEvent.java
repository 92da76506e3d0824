package io.corral.fleet;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A change of an agent's or a guest's state an operator follows: what, from, to, when, why, by whom.
 *
 * @param kind {@code liveness}, {@code health}, {@code protection}, {@code hibernate-policy},
 *             {@code hibernate-requested}, {@code destroy-requested} (and the console's {@code start-requested},
 *             {@code stop-requested} …), {@code token}, {@code service} …
 */
public record FleetEvent(long id, OffsetDateTime at, String subjectType, UUID subjectId, String subjectName,
                         UUID agentId, String kind, String from, String to, String reason, String actor) {

    /** A new event about a guest (its id is given when written). */
    public static FleetEvent vm(OffsetDateTime at, UUID vmId, String name, UUID agentId, String kind, String from,
                                String to, String reason, String actor) {
        return new FleetEvent(0, at, "vm", vmId, name, agentId, kind, from, to, reason, actor);
    }

    /** A new event about an agent. */
    public static FleetEvent agent(OffsetDateTime at, UUID agentId, String name, String kind, String from, String to,
                                   String reason, String actor) {
        return new FleetEvent(0, at, "agent", agentId, name, agentId, kind, from, to, reason, actor);
    }
}
