package io.corral.pvesim;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FaultsTest {

    @Test
    void latencyDelaysEveryAnswerUntilCleared() throws Exception {
        try (PveSimulator sim = PveSimulator.builder().port(0).seed(Seed.defaultSeed())
                .apiToken("root@pam!t", "s").start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest version = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/version"))
                    .header("Authorization", "PVEAPIToken=root@pam!t=s").build();
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/faults?latencyMs=400"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            long t0 = System.nanoTime();
            assertThat(http.send(version, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

            sim.faults().clear();
            long t1 = System.nanoTime();
            http.send(version, HttpResponse.BodyHandlers.ofString());
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofMillis(400));
        }
    }
}
