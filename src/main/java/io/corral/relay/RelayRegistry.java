package io.corral.relay;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** This instance's relays by id; finished ones beyond the newest {@code keep} are forgotten. */
@ApplicationScoped
public class RelayRegistry {
    private final Map<UUID, Relay> relays = new ConcurrentHashMap<>();

    public void add(Relay relay, int keepFinished) {
        relays.put(relay.id(), relay);
        forgetOldFinished(keepFinished);
    }

    public Optional<Relay> find(UUID id) {
        return Optional.ofNullable(id == null ? null : relays.get(id));
    }

    public Collection<Relay> all() {
        return List.copyOf(relays.values());
    }

    void forgetOldFinished(int keep) {
        List<Relay> finished = new ArrayList<>();
        for (Relay r : relays.values()) {
            if (r.state().isFinal()) {
                finished.add(r);
            }
        }
        if (finished.size() <= keep) {
            return;
        }
        finished.sort(Comparator.comparing(Relay::closedAt, Comparator.nullsLast(OffsetDateTime::compareTo)).reversed());
        finished.subList(keep, finished.size()).forEach(r -> relays.remove(r.id()));
    }
}
