package io.corral.console;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a reader of a table numbered by a sequence stands: the highest id read, and the ids below it not
 * seen yet. Ids are handed out when rows are inserted but become visible when their transactions commit,
 * which can be in another order; an id skipped over is asked for again until it shows or its deadline
 * passes (a rolled-back insert never shows).
 */
final class EventTail {
    static final int MAX_HOLES = 10_000;
    private final long holeMillis;
    private long lastId;
    private final Map<Long, Long> holes = new HashMap<>();

    EventTail(long startId, long holeMillis) {
        this.lastId = startId;
        this.holeMillis = holeMillis;
    }

    long lastId() {
        return lastId;
    }

    /** The ids below {@link #lastId()} still to ask for; expired ones are dropped first. */
    Set<Long> holes(long nowMillis) {
        holes.values().removeIf(deadline -> deadline < nowMillis);
        return holes.keySet();
    }

    /** Records the ids a read returned (ascending): fills holes, and opens new ones for ids skipped over. */
    void seen(List<Long> ids, long nowMillis) {
        for (long id : ids) {
            holes.remove(id);
            if (id > lastId) {
                for (long missing = lastId + 1; missing < id && holes.size() < MAX_HOLES; missing++) {
                    holes.put(missing, nowMillis + holeMillis);
                }
                lastId = id;
            }
        }
    }
}
