package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults armed over {@code /_sim/faults}: 5xx answers, dropped connections, failing and warning tasks. */
class FaultInjectionTest {

    private PveSimulator sim;
    private PveClient api;
    private PveClient admin;

    @BeforeEach
    void start() {
        sim = Sims.fast().start();
        api = Sims.client(sim);
        admin = new PveClient(sim.baseUrl().replace(PveSimulator.API_PATH, PveSimulator.ADMIN_PATH));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void http5xxAnswersTheNextRequestsWithTheStatus() {
        PveClient.Reply armed = admin.post("/faults?http5xx=2:503", Map.of());
        assertThat(armed.data().path("http5xx").asInt()).isEqualTo(2);

        PveClient.Reply first = api.get("/version");
        assertThat(first.status()).isEqualTo(503);
        assertThat(first.reason()).isEqualTo("Service Unavailable");
        assertThat(api.get("/version").status()).isEqualTo(503);
        assertThat(api.get("/version").status()).isEqualTo(200);
    }

    @Test
    void dropClosesTheConnectionWithoutAnAnswer() throws IOException {
        admin.post("/faults?drop=1", Map.of());
        try (Socket socket = new Socket("127.0.0.1", sim.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api2/json/version HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: PVEAPIToken="
                    + Sims.TOKEN_ID + "=" + Sims.TOKEN_SECRET + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(in.readAllBytes()).as("bytes answered").isEmpty();
        }
        assertThat(api.get("/version").status()).isEqualTo(200);
    }

    @Test
    void taskFaultsArmedOverHttpAndClearedWithDelete() {
        Tasks tasks = new Tasks(api);
        admin.post("/faults?failNext=" + PveClient.encode("qmstart:1:start failed: no space") + "&warnNext=qmstop:1",
                Map.of());
        String start = api.post("/nodes/pve1/qemu/102/status/start", Map.of()).data().asText();
        assertThat(tasks.awaitEnd(start)).isEqualTo("start failed: no space");
        String stop = api.post("/nodes/pve1/qemu/100/status/stop", Map.of()).data().asText();
        assertThat(tasks.awaitEnd(stop)).isEqualTo("WARNINGS: 1");
        assertThat(tasks.log(stop)).last().isEqualTo("TASK WARNINGS: 1");

        admin.post("/faults?latencyMs=5&failNext=qmclone:3:boom&http5xx=1", Map.of());
        assertThat(admin.get("/faults").data().path("failNext").path("qmclone").asInt()).isEqualTo(3);
        PveClient.Reply cleared = admin.delete("/faults");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.data().path("failNext").size()).isZero();
        assertThat(cleared.data().path("latencyMs").asInt()).isZero();
        assertThat(api.get("/version").status()).isEqualTo(200);

        PveClient.Reply bad = admin.post("/faults?failNext=qmclone", Map.of());
        assertThat(bad.status()).isEqualTo(400);
    }
}
