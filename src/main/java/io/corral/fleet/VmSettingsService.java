package io.corral.fleet;

import io.corral.platform.db.Jdbc;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Protection and hibernate policy of a guest, set by an operator: each change a fleet event. The row
 * is locked while read and written, so two operators' changes are both recorded in order.
 */
@ApplicationScoped
@Transactional
public class VmSettingsService {
    static final Set<String> POLICIES = Set.of("never", "when-idle");
    private static final int MAX_IDLE_MINUTES = 525_600;
    private static final String LOCK = "select name, node, vmid, agent_id, protected, hibernate_policy, idle_limit_seconds "
            + "from vm where id = ? for update";
    private static final String UPDATE = "update vm set protected = ?, hibernate_policy = ?, idle_limit_seconds = ? "
            + "where id = ?";

    @Inject
    Jdbc jdbc;

    @Inject
    FleetEvents events;

    @Inject
    Clock clock;

    private record Current(String label, UUID agentId, boolean protectedVm, String policy, Integer idleSeconds) {
    }

    public void update(UUID id, VmUpdateRequest r, String actor) {
        validate(r);
        Current now = jdbc.one(LOCK, rs -> new Current((rs.getString(1) == null ? "vm" : rs.getString(1)) + " ("
                + rs.getString(2) + "/" + rs.getInt(3) + ")", rs.getObject(4, UUID.class), rs.getBoolean(5),
                rs.getString(6), (Integer) rs.getObject(7)), id).orElseThrow(() -> new NotFoundProblem("VM", id));
        boolean protectedVm = r.protectedVm() == null ? now.protectedVm() : r.protectedVm();
        String policy = r.hibernatePolicy() == null ? now.policy() : r.hibernatePolicy();
        Integer idleSeconds = r.idleLimitMinutes() == null ? now.idleSeconds()
                : r.idleLimitMinutes() == 0 ? null : r.idleLimitMinutes() * 60;
        OffsetDateTime at = OffsetDateTime.now(clock);
        List<FleetEvent> changes = new ArrayList<>();
        if (protectedVm != now.protectedVm()) {
            changes.add(FleetEvent.vm(at, id, now.label(), now.agentId(), "protection",
                    now.protectedVm() ? "protected" : "unprotected", protectedVm ? "protected" : "unprotected",
                    "set by " + actor, actor));
        }
        if (!policy.equals(now.policy())) {
            changes.add(FleetEvent.vm(at, id, now.label(), now.agentId(), "hibernate-policy", now.policy(), policy,
                    "set by " + actor, actor));
        }
        if (!Objects.equals(idleSeconds, now.idleSeconds())) {
            changes.add(FleetEvent.vm(at, id, now.label(), now.agentId(), "idle-limit", minutes(now.idleSeconds()),
                    minutes(idleSeconds), "set by " + actor, actor));
        }
        if (!changes.isEmpty()) {
            jdbc.update(UPDATE, protectedVm, policy, idleSeconds, id);
            events.record(changes);
        }
    }

    private static String minutes(Integer seconds) {
        return seconds == null ? "default" : seconds / 60 + " min";
    }

    private static void validate(VmUpdateRequest r) {
        if (r == null) {
            throw new ValidationProblem("body", "a JSON object with protected, hibernatePolicy or idleLimitMinutes");
        }
        if (r.hibernatePolicy() != null && !POLICIES.contains(r.hibernatePolicy())) {
            throw new ValidationProblem("hibernatePolicy", "must be never or when-idle");
        }
        if (r.idleLimitMinutes() != null && (r.idleLimitMinutes() < 0 || r.idleLimitMinutes() > MAX_IDLE_MINUTES)) {
            throw new ValidationProblem("idleLimitMinutes", "must be from 1 to " + MAX_IDLE_MINUTES
                    + " minutes, or 0 for the hibernation task's default");
        }
        if (r.protectedVm() == null && r.hibernatePolicy() == null && r.idleLimitMinutes() == null) {
            throw new ValidationProblem("body", "give at least one of protected, hibernatePolicy, idleLimitMinutes");
        }
    }
}
