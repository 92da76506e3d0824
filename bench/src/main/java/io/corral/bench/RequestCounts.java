package io.corral.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Every HTTP request the lean load generator sends, counted by kind for the whole run. */
final class RequestCounts {

    enum Kind {
        ENQUEUE("POST /commands"),
        ENQUEUE_BATCH("POST /commands/batch"),
        POLL("GET next"),
        START("POST {id}/start"),
        RESULT("POST {id}/result"),
        START_BATCH("POST commands/start (batch)"),
        RESULTS_BATCH("POST commands/results (batch)"),
        HEARTBEAT("POST heartbeat"),
        OTHER("other"),
        RETRY_AFTER_CLOSE("re-sent after a kept-alive connection closed");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private static final LongAdder[] COUNTS = new LongAdder[Kind.values().length];

    static {
        for (int i = 0; i < COUNTS.length; i++) {
            COUNTS[i] = new LongAdder();
        }
    }

    private RequestCounts() {
    }

    static void count(Kind kind) {
        COUNTS[kind.ordinal()].increment();
    }

    static Map<Kind, Long> snapshot() {
        Map<Kind, Long> out = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            out.put(k, COUNTS[k.ordinal()].sum());
        }
        return out;
    }

    /** Requests sent between two snapshots, by kind (zero kinds left out); retries are not requests of their own. */
    static Map<Kind, Long> delta(Map<Kind, Long> from, Map<Kind, Long> to) {
        Map<Kind, Long> out = new EnumMap<>(Kind.class);
        to.forEach((k, v) -> {
            long d = v - from.getOrDefault(k, 0L);
            if (d != 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    static long total(Map<Kind, Long> delta) {
        return delta.entrySet().stream().filter(e -> e.getKey() != Kind.RETRY_AFTER_CLOSE)
                .mapToLong(Map.Entry::getValue).sum();
    }
}
