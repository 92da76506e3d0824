package io.corral.maintenance;

import java.io.Serializable;
import java.time.OffsetDateTime;

/**
 * Where the reader stands, and its checkpoint: in which target, after which {@code (time, id)}
 * ({@code time} null: from that target's oldest row).
 */
record PruneCursor(String target, OffsetDateTime time, Serializable id) implements Serializable {

    static PruneCursor startOf(String target) {
        return new PruneCursor(target, null, null);
    }

    static PruneCursor after(PruneKey key) {
        return new PruneCursor(key.target(), key.time(), key.id());
    }

    boolean atStart() {
        return time == null;
    }
}
