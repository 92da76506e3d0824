package io.corral.fleet;

import java.time.OffsetDateTime;

/**
 * The body of {@code POST /api/v1/vms/{id}/heartbeat} from the helper inside a guest; every field is
 * optional and an empty object is a plain sign of life.
 *
 * @param active      whether someone uses the guest right now
 * @param lastInputAt when the guest last saw user input (keyboard, mouse, a session); not in the future
 */
public record VmHeartbeatRequest(Boolean active, OffsetDateTime lastInputAt) {
    static final VmHeartbeatRequest EMPTY = new VmHeartbeatRequest(null, null);
}
