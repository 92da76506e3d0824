package io.corral.command;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The other control-plane instances sharing the database, as heard through their hellos (every
 * {@link #HELLO_MILLIS} on the notification channel). With none, the bus does not NOTIFY: a
 * single instance does not notify itself.
 */
@ApplicationScoped
public class Peers {
    static final long HELLO_MILLIS = 5_000;
    /** A peer not heard of for this long is gone (three hellos missed). */
    static final long GONE_MILLIS = 3 * HELLO_MILLIS + 1_000;

    private final Map<String, Long> heard = new ConcurrentHashMap<>();

    void heard(String instanceId) {
        if (!Instance.ID.equals(instanceId)) {
            heard.put(instanceId, System.currentTimeMillis());
        }
    }

    /** True while another instance has said hello recently. */
    public boolean present() {
        if (heard.isEmpty()) {
            return false;
        }
        long now = System.currentTimeMillis();
        heard.values().removeIf(at -> now - at > GONE_MILLIS);
        return !heard.isEmpty();
    }
}
