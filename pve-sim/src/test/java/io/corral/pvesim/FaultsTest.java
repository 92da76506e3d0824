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

    @Test
    void aStretchedTaskRunsForTheGivenTime() throws Exception {
        try (PveSimulator sim = PveSimulator.builder().port(0).seed(Seed.defaultSeed())
                .apiToken("root@pam!t", "s").timeFactor(0.01).start()) {
            sim.faults().stretchNext("qmstart", 1, Duration.ofMillis(800));
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest start = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/nodes/pve1/qemu/102/status/start"))
                    .header("Authorization", "PVEAPIToken=root@pam!t=s").POST(HttpRequest.BodyPublishers.noBody()).build();
            assertThat(http.send(start, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            Task task = sim.state().tasks().get(sim.state().tasks().size() - 1);
            long t0 = System.nanoTime();
            while (task.isRunning() && System.nanoTime() - t0 < 5_000_000_000L) {
                Thread.onSpinWait();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(500));
            assertThat(task.exitStatus()).isEqualTo("OK");
        }
    }
}
