package io.corral.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.LaunchOptions;
import io.corral.launcher.Stack;
import io.corral.pvesim.RfbClient;

import java.net.URI;
import java.nio.file.Path;

/**
 * Desktop relay benchmark (issue 11, acceptance 6: "the relay's throughput and added latency, target
 * ≥ 10 MB/s and ≤ 5 ms p99 added per frame on loopback"). Starts the stack, picks a running VM and
 * speaks RFB to its simulated desktop twice: directly (the simulator's websockify) and through
 * Corral (browser socket → control plane → agent → guest). Per path: {@code probes} sequential 1x1
 * update requests (round trip of a small frame each way, after as many for warm-up), then
 * {@code seconds} of back-to-back full-screen Raw updates (1024x768x4 bytes). Added latency is the
 * relayed percentile minus the direct one. Writes bench/results/relay-DATE-HHMM.md.
 */
public final class RelayBench {
    private static final int FRAME_BYTES = 1024 * 768 * 4;

    private RelayBench() {
    }

    record PathFigures(Latency rtt, double mbPerSecond, long frames) {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        int probes = settings.relayProbes();
        int seconds = settings.relaySeconds();
        Report report = new Report("relay", "Desktop relay benchmark", "`bench/run.sh relay` (`io.corral.bench.RelayBench`)",
                true);
        Path dataDir = settings.dataDir("relay-data");
        BenchStack.deleteRecursively(dataDir);
        LaunchOptions options = LaunchOptions.forTests(dataDir).stackDir(settings.stackDir()).heartbeatSeconds(2)
                .agentTtlSeconds(30).build();
        Stack stack = BenchStack.prepare(options);
        int exit = 0;
        try {
            BenchStack.printHeader();
            BenchStack.launch(stack, report, true);
            Api api = new Api(stack.controlPlaneUrl(), 2, "bench-http");
            String admin = stack.apiToken();
            JsonNode vm = runningVm(api, admin);
            URI direct = URI.create(stack.simulator().desktopUrlTemplate().replace("{node}", vm.path("node").asText())
                    .replace("{vmid}", vm.path("vmid").asText()));
            report.detail("Path", "guest " + vm.path("name").asText() + " (" + vm.path("node").asText() + "/"
                    + vm.path("vmid").asText() + "), framebuffer 1024x768, 32 bits a pixel, Raw encoding; the simulator"
                    + " sends a frame as 64 KiB WebSocket messages like websockify relaying TCP reads");

            PathFigures d = measure(direct, probes, seconds);
            row(report, "Direct", d, null);
            long relayT = System.nanoTime();
            JsonNode ticket = api.expect(201, "POST", "/api/v1/vms/" + vm.path("id").asText() + "/desktop", admin, null);
            report.detail("Path", "relay socket " + ticket.path("url").asText().replaceFirst("ticket=.*$", "ticket=…"));
            PathFigures r = measure(URI.create(ticket.path("url").asText()), probes, seconds);
            row(report, "Through the relay", r, d);
            JsonNode relay = api.expect(200, "GET", "/api/v1/relays/" + ticket.path("relayId").asText(), admin, null);
            report.detail("Relay", String.format("relay %s: %s, %,d bytes to the browser, %,d to the guest "
                            + "(the relay's own counters), open %.1f s",
                    relay.path("id").asText(), relay.path("state").asText(), relay.path("bytesToBrowser").asLong(),
                    relay.path("bytesToGuest").asLong(), (System.nanoTime() - relayT) / 1e9));
        } catch (Exception e) {
            report.failure("run", e);
            e.printStackTrace();
            exit = 1;
        } finally {
            stack.close();
        }
        report.finish(settings, exit);
    }

    private static void row(Report report, String phase, PathFigures f, PathFigures direct) {
        report.row(phase, "1x1 update round trip p50 / p99 / max", Latency.ms(f.rtt().percentileMillis(50)) + " / "
                + Latency.ms(f.rtt().percentileMillis(99)) + " / " + Latency.ms(f.rtt().maxMillis()) + " ms", "", null);
        report.row(phase, "full-screen updates (3 MiB each)", String.format("%.1f MB/s (%d frames)", f.mbPerSecond(),
                f.frames()), direct == null ? "" : "≥ 10 MB/s", direct == null ? null : f.mbPerSecond() >= 10);
        if (direct != null) {
            double p50 = f.rtt().percentileMillis(50) - direct.rtt().percentileMillis(50);
            double p99 = f.rtt().percentileMillis(99) - direct.rtt().percentileMillis(99);
            report.row(phase, "added per frame round trip p50 / p99", Latency.ms(p50) + " / " + Latency.ms(p99) + " ms",
                    "p99 ≤ 5 ms", p99 <= 5);
        }
    }

    /** Connects, saying which HTTP answer refused the upgrade, not only that one did. */
    private static RfbClient open(URI uri) throws Exception {
        try {
            return new RfbClient(uri);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                throw new IllegalStateException("HTTP " + h.getResponse().statusCode() + " to the upgrade of "
                        + uri.getPath() + ": " + h.getResponse().body(), h);
            }
            throw e;
        }
    }

    private static PathFigures measure(URI uri, int probes, int seconds) throws Exception {
        try (RfbClient client = open(uri)) {
            client.handshake();
            Latency rtt = new Latency();
            for (int i = 0; i < 2 * probes; i++) {
                long t = System.nanoTime();
                client.update(i % 1024, 0, 1, 1);
                if (i >= probes) {
                    rtt.record(System.nanoTime() - t);
                }
            }
            client.update(0, 0, 1024, 768);
            long frames = 0;
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                client.update(0, 0, 1024, 768);
                frames++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new PathFigures(rtt, frames * (double) FRAME_BYTES / 1e6 / elapsed, frames);
        }
    }

    private static JsonNode runningVm(Api api, String admin) throws Exception {
        long until = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < until) {
            JsonNode items = api.expect(200, "GET", "/api/v1/vms?status=running&type=qemu&template=false", admin, null)
                    .path("items");
            if (items.size() > 0) {
                return items.get(0);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no running VM in the inventory after 60 s");
    }
}
