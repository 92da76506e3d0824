package io.corral.fleet;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryChangesTest {
    private static final UUID AGENT = UUID.randomUUID();
    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-29T12:00:00Z");

    @Test
    void aStatusChangeAnArrivalAndADepartureAreEventsAndAnUnchangedGuestIsNone() {
        UUID web = UUID.randomUUID();
        UUID db = UUID.randomUUID();
        UUID old = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        List<FleetEvent> events = InventoryChanges.between(AGENT,
                List.of(new InventoryChanges.Known(web, 100, "web-1", "running"),
                        new InventoryChanges.Known(db, 101, "db-1", "running"),
                        new InventoryChanges.Known(old, 102, "old", "stopped")),
                List.of(new InventoryChanges.Reported(web, 100, "web-1", "stopped"),
                        new InventoryChanges.Reported(db, 101, "db-1", "running"),
                        new InventoryChanges.Reported(fresh, 200, "clone-1", "stopped")), AT);

        assertThat(events).extracting(FleetEvent::subjectId, FleetEvent::kind, FleetEvent::from, FleetEvent::to)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(web, "status", "running", "stopped"),
                        org.assertj.core.groups.Tuple.tuple(fresh, "inventory", null, "present"),
                        org.assertj.core.groups.Tuple.tuple(old, "inventory", "present", "gone"));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.agentId()).isEqualTo(AGENT);
            assertThat(e.subjectType()).isEqualTo("vm");
            assertThat(e.actor()).isEqualTo("heartbeat");
        });
    }

    @Test
    void theSameInventoryAgainChangesNothing() {
        UUID web = UUID.randomUUID();
        assertThat(InventoryChanges.between(AGENT, List.of(new InventoryChanges.Known(web, 100, "web-1", "running")),
                List.of(new InventoryChanges.Reported(web, 100, "web-1", "running")), AT)).isEmpty();
    }
}
