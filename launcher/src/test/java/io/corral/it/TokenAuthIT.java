package io.corral.it;

import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer tokens under attack: a revoked token stops at once (no request started after the revocation answered
 * gets through, however hard the old token is pressed), and an address guessing tokens is refused with 429
 * after its budget of distinct unknown tokens, without another lookup. A lookup made while a revocation or an
 * agent token's rotation is being committed cannot keep the old token working after that call answered.
 */
@ExtendWith(SharedStack.class)
class TokenAuthIT {
    private static Stack stack;
    private static Api admin;

    @BeforeAll
    static void open() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
    }

    private record Hit(long startNanos, int status) {
    }

    @Test
    void aRevokedTokenIsRefusedToEveryRequestStartedAfterTheRevocation() throws Exception {
        for (int round = 0; round < 5; round++) {
            Api.Reply issued = admin.post("/tokens", "{\"name\":\"it-revoke-race-" + round + "-"
                    + UUID.randomUUID().toString().substring(0, 8) + "\",\"role\":\"viewer\",\"ratePerSecond\":100000}");
            assertThat(issued.status()).isEqualTo(201);
            String id = issued.json().path("id").asText();
            Api old = new Api(stack.apiUrl(), issued.json().path("token").asText());
            assertThat(old.get("/agents").status()).as("works before").isEqualTo(200);

            ConcurrentLinkedQueue<Hit> hits = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService hammer = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                hammer.submit(() -> {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        hits.add(new Hit(start, old.get("/agents").status()));
                    }
                });
            }
            Await.until("the old token in use", java.time.Duration.ofSeconds(10), hits::size, n -> n > 20);
            assertThat(admin.send("DELETE", "/tokens/" + id, null, null).status()).isEqualTo(204);
            long revoked = System.nanoTime();
            long until = revoked + TimeUnit.MILLISECONDS.toNanos(2500);
            Await.until("2.5 s of requests after the revocation", java.time.Duration.ofSeconds(30),
                    System::nanoTime, now -> now > until);
            stop.set(true);
            hammer.shutdown();
            assertThat(hammer.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            List<Hit> after = hits.stream().filter(h -> h.startNanos() > revoked).toList();
            assertThat(after).as("requests after the revocation (round " + round + ")").hasSizeGreaterThan(10);
            assertThat(after).as("round " + round + ": none of them answered 200").allMatch(h -> h.status() == 401);
        }
    }

    /**
     * The revocation's transaction is held between its work (the row update, the cache cleared) and its commit;
     * a request with the old token meanwhile still gets in (the revocation is not committed) and its lookup
     * caches the token again. The cache must be dropped after the commit: the first request after the
     * revocation answered is refused, not served from that cache entry for up to 2 s.
     */
    @Test
    void aTokenLookedUpWhileItsRevocationCommitsIsRefusedOnceTheRevocationAnswered() throws Exception {
        Api.Reply issued = admin.post("/tokens", "{\"name\":\"it-revoke-commit-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"role\":\"viewer\"}");
        assertThat(issued.status()).isEqualTo(201);
        UUID id = UUID.fromString(issued.json().path("id").asText());
        Api old = new Api(stack.apiUrl(), issued.json().path("token").asText());
        assertThat(old.get("/agents").status()).as("works (and is cached) before").isEqualTo(200);

        ExecutorService revoker = Executors.newSingleThreadExecutor();
        try (CommitGate gate = CommitGate.onUpdate(stack, "api_token", id,
                "old.revoked_at is null and new.revoked_at is not null")) {
            Future<Api.Reply> revocation = revoker.submit(() -> admin.send("DELETE", "/tokens/" + id, null, null));
            String held = gate.awaitHeld(Duration.ofSeconds(60));
            assertThat(held).as("the revocation waits at its commit").startsWithIgnoringCase("commit");
            assertThat(revocation).as("the revocation has not answered").isNotDone();
            assertThat(old.get("/agents").status()).as("while the revocation is not committed").isEqualTo(200);
            gate.open();
            assertThat(revocation.get(60, TimeUnit.SECONDS).status()).isEqualTo(204);
            assertThat(old.get("/agents").status()).as("at once after the revocation answered").isEqualTo(401);
        } finally {
            revoker.shutdownNow();
        }
    }

    /** The same for an agent token's rotation: the old token is refused at once after the rotation answered. */
    @Test
    void anAgentTokenLookedUpWhileItsRotationCommitsIsRefusedOnceTheRotationAnswered() throws Exception {
        Api.Reply created = admin.post("/agents", "{\"name\":\"it-rotate-commit-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"ttlSeconds\":60}");
        assertThat(created.status()).isEqualTo(201);
        UUID id = UUID.fromString(created.json().path("id").asText());
        ExecutorService rotator = Executors.newSingleThreadExecutor();
        try {
            Api old = new Api(stack.apiUrl(), created.json().path("token").asText());
            assertThat(old.get("/agent/targets").status()).as("works (and is cached) before").isEqualTo(200);
            try (CommitGate gate = CommitGate.onUpdate(stack, "agent", id,
                    "old.token_hash is distinct from new.token_hash")) {
                Future<Api.Reply> rotation = rotator.submit(() -> admin.post("/agents/" + id + "/token", ""));
                String held = gate.awaitHeld(Duration.ofSeconds(60));
                assertThat(held).as("the rotation waits at its commit").startsWithIgnoringCase("commit");
            assertThat(rotation).as("the rotation has not answered").isNotDone();
                assertThat(old.get("/agent/targets").status()).as("while the rotation is not committed")
                        .isEqualTo(200);
                gate.open();
                Api.Reply rotated = rotation.get(60, TimeUnit.SECONDS);
                assertThat(rotated.status()).isEqualTo(200);
                assertThat(old.get("/agent/targets").status()).as("at once after the rotation answered")
                        .isEqualTo(401);
                assertThat(new Api(stack.apiUrl(), rotated.json().path("token").asText()).get("/agent/targets")
                        .status()).as("the new token").isEqualTo(200);
            }
        } finally {
            rotator.shutdownNow();
            assertThat(admin.send("DELETE", "/agents/" + id, null, null).status()).isEqualTo(204);
        }
    }

    @Test
    void anAddressGuessingTokensGetsTooManyFailuresAndValidTokensElsewhereStillWork() throws Exception {
        // From 127.0.0.2, so the other tests' address (127.0.0.1) keeps its budget.
        int budget = 30;
        for (int i = 0; i < budget; i++) {
            String reply = fromOtherAddress("cpt_guess-" + UUID.randomUUID());
            assertThat(reply).as("guess " + (i + 1) + " is answered normally").startsWith("HTTP/1.1 401");
        }
        String refused = fromOtherAddress("cpt_guess-" + UUID.randomUUID());
        assertThat(refused).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After:")
                .contains("\"code\":\"TOO_MANY_FAILURES\"");
        assertThat(admin.get("/agents").status()).as("a valid token from another address").isEqualTo(200);
        assertThat(new Api(stack.apiUrl(), "cpt_guess-" + UUID.randomUUID()).get("/agents").status())
                .as("a guess from another address is still a plain 401").isEqualTo(401);
    }

    /** A GET of the agent list with this bearer token, sent from 127.0.0.2; the whole raw answer. */
    private static String fromOtherAddress(String token) throws Exception {
        URI api = URI.create(stack.apiUrl());
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", api.getPort()), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + api.getPath() + "agents HTTP/1.1\r\nHost: 127.0.0.1:" + api.getPort()
                    + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            in.transferTo(reply);
            return reply.toString(StandardCharsets.UTF_8);
        }
    }
}
