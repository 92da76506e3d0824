package io.corral.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks into the control-plane JVM from outside: MicroProfile Metrics ({@code /metrics},
 * Prometheus text), {@code /proc/<pid>}, and {@code jcmd} (GC, heap, JFR). The pid comes from
 * the pid file the launcher writes next to the Payara work directory.
 */
final class ControlPlaneProbe {

    // MicroProfile Metrics 5 (Payara 6) names them without the old "base_" prefix, scope as a label:
    // thread_count{mp_scope="base"}; older servers say base_thread_count. Both are accepted.
    static final String THREADS = "thread_count";
    static final String HEAP_USED = "memory_usedHeap_bytes";
    private static final Pattern UPTIME = Pattern.compile("(\\d+(?:\\.\\d+)?) s");
    private static final Pattern HEAP_INFO_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private final String metricsUrl;
    private final long pid;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ControlPlaneProbe(String controlPlaneUrl, Path dataDir) throws IOException {
        this(controlPlaneUrl, dataDir, "control-plane");
    }

    /** The instance the launcher started as {@code name} ({@code control-plane-2} for the second one). */
    ControlPlaneProbe(String controlPlaneUrl, Path dataDir, String name) throws IOException {
        this.metricsUrl = controlPlaneUrl + "/metrics";
        this.pid = Long.parseLong(Files.readString(dataDir.resolve("payara/" + name + ".pid")).trim());
    }

    long pid() {
        return pid;
    }

    /** Prometheus text from /metrics, name (with labels) to value; empty if the endpoint is missing. */
    Map<String, Double> metrics() {
        Map<String, Double> out = new HashMap<>();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(metricsUrl))
                    .header("Accept", "text/plain").timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return out;
            }
            for (String line : r.body().split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                try {
                    out.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1).trim()));
                } catch (RuntimeException ignored) {
                    // a line in a shape we do not read
                }
            }
        } catch (IOException e) {
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** The first metric whose name (labels ignored) is {@code name}. */
    static OptionalDouble metric(Map<String, Double> metrics, String name) {
        for (String candidate : List.of(name + "{mp_scope=\"base\"}", name, "base_" + name)) {
            Double v = metrics.get(candidate);
            if (v != null) {
                return OptionalDouble.of(v);
            }
        }
        return metrics.entrySet().stream().filter(e -> e.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue).findFirst();
    }

    /** {@code Threads:} of /proc/<pid>/status: every thread of the process, JVM-internal ones included. */
    long osThreads() throws IOException {
        return statusField("Threads:");
    }

    long rssKb() throws IOException {
        return statusField("VmRSS:");
    }

    private long statusField(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(field + " not in /proc/" + pid + "/status");
    }

    /** Seconds since the control-plane JVM started (jcmd VM.uptime). */
    double uptimeSeconds() throws IOException, InterruptedException {
        Matcher m = UPTIME.matcher(jcmd("VM.uptime"));
        if (!m.find()) {
            throw new IOException("no uptime in jcmd VM.uptime of " + pid);
        }
        return Double.parseDouble(m.group(1));
    }

    /** Runs a full GC in the control plane (jcmd GC.run). */
    String gc() throws IOException, InterruptedException {
        return jcmd("GC.run");
    }

    /** Heap used in MB according to jcmd GC.heap_info (sum of the "used" figures it prints). */
    OptionalDouble heapInfoUsedMb() throws IOException, InterruptedException {
        Matcher m = HEAP_INFO_USED.matcher(jcmd("GC.heap_info"));
        return m.find() ? OptionalDouble.of(Long.parseLong(m.group(1)) / 1024.0) : OptionalDouble.empty();
    }

    String jcmd(String... command) throws IOException, InterruptedException {
        return run(concat(List.of("jcmd", Long.toString(pid)), command), Duration.ofSeconds(60));
    }

    static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + timeout);
        }
        return new String(out);
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
