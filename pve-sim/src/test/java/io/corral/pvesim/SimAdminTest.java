package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code /_sim} hooks tests use to look at and reset the simulator. */
class SimAdminTest {

    @Test
    void resetBringsBackTheSeedAndForgetsTasks() {
        try (PveSimulator sim = Sims.fast().start()) {
            PveClient api = Sims.client(sim);
            api.post("/nodes/pve1/qemu/100/status/stop", Map.of());
            Await.until("VM 100 stopped", Duration.ofSeconds(10), () -> sim.state().requireGuest("pve1",
                    GuestType.QEMU, 100).state() == RunState.STOPPED);
            PveClient admin = new PveClient(sim.baseUrl().replace(PveSimulator.API_PATH, PveSimulator.ADMIN_PATH));
            assertThat(admin.get("/state").data().path("tasks").size()).isEqualTo(1);

            PveClient.Reply reset = admin.post("/reset", Map.of());

            assertThat(reset.status()).isEqualTo(200);
            assertThat(admin.get("/state").data().path("tasks").size()).isZero();
            assertThat(admin.get("/state").data().path("guests").size()).isEqualTo(10);
            assertThat(api.get("/nodes/pve1/qemu/100/status/current").data().path("status").asText())
                    .isEqualTo("running");
        }
    }
}
