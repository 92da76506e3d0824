package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthTest {

    private static PveSimulator sim;

    @BeforeAll
    static void start() {
        sim = Sims.fast().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void aConfiguredTokenIsAccepted() {
        PveClient.Reply reply = Sims.client(sim).get("/version");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().path("version").asText()).isEqualTo("8.2.4");
        assertThat(reply.data().path("release").asText()).isEqualTo("8.2");
    }

    @Test
    void aWrongTokenSecretIsRejected() {
        PveClient.Reply reply = PveClient.withToken(sim, Sims.TOKEN_ID, "wrong").get("/version");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.reason()).isEqualTo("No ticket");
        assertThat(reply.body().path("data").isNull()).isTrue();
        assertThat(PveClient.withToken(sim, "root@pam!other", Sims.TOKEN_SECRET).get("/version").status())
                .isEqualTo(401);
    }

    @Test
    void noAuthIsRejectedEvenForUnknownPaths() {
        PveClient anonymous = new PveClient(sim.baseUrl());
        assertThat(anonymous.get("/version").status()).isEqualTo(401);
        assertThat(anonymous.get("/version").reason()).isEqualTo("No ticket");
        assertThat(anonymous.get("/nodes/pve1/nothing").status()).isEqualTo(401);
    }

    @Test
    void getAccessTicketNeedsNoAuth() {
        PveClient.Reply reply = new PveClient(sim.baseUrl()).get("/access/ticket");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().toString()).isEqualTo("{\"data\":null}");
    }

    @Test
    void aTicketLoginAuthorizesReadsAndWritesWithTheCsrfToken() {
        PveClient.Reply login = new PveClient(sim.baseUrl())
                .post("/access/ticket", Map.of("username", Sims.USER, "password", Sims.PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        String ticket = login.data().path("ticket").asText();
        String csrf = login.data().path("CSRFPreventionToken").asText();
        assertThat(ticket).startsWith("PVE:root@pam:");
        assertThat(csrf).matches("[0-9A-F]{8}:.+");
        assertThat(login.data().path("username").asText()).isEqualTo(Sims.USER);
        assertThat(login.data().path("cap").path("vms").path("VM.PowerMgmt").asInt()).isEqualTo(1);

        String cookie = "PVEAuthCookie=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8);
        PveClient withTicket = new PveClient(sim.baseUrl()).header("Cookie", cookie);
        assertThat(withTicket.get("/nodes").status()).isEqualTo(200);

        PveClient.Reply writeWithoutCsrf = withTicket.post("/nodes/pve2/qemu/104/status/stop", Map.of());
        assertThat(writeWithoutCsrf.status()).isEqualTo(401);
        assertThat(writeWithoutCsrf.reason()).isEqualTo("Permission denied - invalid csrf token");

        PveClient.Reply write = withTicket.header("CSRFPreventionToken", csrf)
                .post("/nodes/pve2/qemu/104/status/stop", Map.of());
        assertThat(write.status()).as("%s", write).isEqualTo(200);
        assertThat(write.data().asText()).startsWith("UPID:pve2:").contains(":qmstop:104:root@pam:");
    }

    @Test
    void aJsonLoginBodyWorksToo() {
        PveClient.Reply login = new PveClient(sim.baseUrl())
                .postJson("/access/ticket", "{\"username\":\"root\",\"realm\":\"pam\",\"password\":\"s3cret\"}");
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        assertThat(login.data().path("username").asText()).isEqualTo("root@pam");
    }

    @Test
    void aFailedLoginIsAnsweredAfterTheDelay() {
        long started = System.nanoTime();
        PveClient.Reply reply = new PveClient(sim.baseUrl())
                .post("/access/ticket", Map.of("username", Sims.USER, "password", "guess"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.reason()).isEqualTo("authentication failure");
        assertThat(reply.body().path("message").asText()).isEqualTo("authentication failure\n");
        assertThat(took).isGreaterThanOrEqualTo(Sims.LOGIN_FAILURE_DELAY);
    }

    @Test
    void aForgedTicketIsRejected() {
        PveClient forged = new PveClient(sim.baseUrl()).header("Cookie", "PVEAuthCookie=PVE:root@pam:6742F0A1::Zm9v");
        assertThat(forged.get("/nodes").status()).isEqualTo(401);
    }
}
