package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NextIdTest {

    @Test
    void proposesTheLowestFreeIdWithoutReservingIt() {
        try (PveSimulator sim = Sims.fast().start()) {
            PveClient api = Sims.client(sim);
            JsonNode first = api.get("/cluster/nextid").data();
            JsonNode second = api.get("/cluster/nextid").data();
            // The default seed uses 100-104; PVE answers the id as a string.
            assertThat(first.isTextual()).isTrue();
            assertThat(first.asText()).isEqualTo("105");
            assertThat(second.asText()).isEqualTo("105");
        }
    }

    @Test
    void fillsGapsFromOneHundred() throws IOException {
        String seed = """
                {"nodes":[{"name":"pve1","guests":[
                  {"vmid":101,"type":"qemu","name":"a","status":"running"},
                  {"vmid":100,"type":"lxc","name":"b","status":"stopped"},
                  {"vmid":103,"type":"qemu","name":"c","status":"stopped"}]}]}
                """;
        Seed parsed = Seed.parse(new ByteArrayInputStream(seed.getBytes(StandardCharsets.UTF_8)));
        try (PveSimulator sim = Sims.fast().seed(parsed).start()) {
            assertThat(Sims.client(sim).get("/cluster/nextid").data().asText()).isEqualTo("102");
        }
    }

    @Test
    void checksAProposedId() {
        try (PveSimulator sim = Sims.fast().start()) {
            PveClient api = Sims.client(sim);
            assertThat(api.get("/cluster/nextid?vmid=150").data().asText()).isEqualTo("150");

            PveClient.Reply taken = api.get("/cluster/nextid?vmid=100");
            assertThat(taken.status()).isEqualTo(400);
            assertThat(taken.reason()).isEqualTo("Parameter verification failed.");
            assertThat(taken.body().path("errors").path("vmid").asText()).isEqualTo("VM 100 already exists");
            assertThat(taken.body().path("data").isNull()).isTrue();
        }
    }
}
