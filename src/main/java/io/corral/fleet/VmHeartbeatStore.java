package io.corral.fleet;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** The SQL of a helper heartbeat: the guest's health, liveness and activity columns of {@code vm}. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class VmHeartbeatStore {
    /**
     * One conditional write that also answers what it replaced. A heartbeat makes the guest healthy;
     * one that ends a failed (or never known) health also brings its liveness back online. Activity
     * only moves forward: greatest() skips nulls.
     */
    private static final String BEAT = """
            with old as (select id, health, liveness from vm where id = ? for update)
            update vm v set last_heartbeat_at = ?,
              last_active_at = greatest(v.last_active_at, ?::timestamptz),
              health = 'ok',
              liveness = case when old.health is distinct from 'ok' then 'online' else v.liveness end,
              liveness_since = case when old.health is distinct from 'ok' and v.liveness <> 'online' then ?
                               else v.liveness_since end
              from old where v.id = old.id
            returning old.health, old.liveness, v.health, v.liveness, v.last_heartbeat_at, v.last_active_at,
              v.name, v.agent_id
            """;

    @Inject
    Jdbc jdbc;

    /** The guest's state before and after; the old values are null where it had none. */
    public record Beat(String healthBefore, String livenessBefore, String health, String liveness,
                       OffsetDateTime lastHeartbeatAt, OffsetDateTime lastActiveAt, String name, UUID agentId) {
    }

    /** Empty when the guest's row is gone. */
    public Optional<Beat> beat(UUID vmId, OffsetDateTime now, OffsetDateTime activeAt) {
        return jdbc.one(BEAT, rs -> new Beat(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class), rs.getString(7),
                rs.getObject(8, UUID.class)), vmId, now, activeAt, now);
    }
}
