package io.corral.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where the control plane spends its time under load, from a JFR recording: execution samples
 * (threads on CPU in Java code) and native-method samples (threads blocked in native code,
 * mostly socket reads: waiting for PostgreSQL or for a client), summarised by top frame, by
 * layer (any frame of a library in the stack) and by first Corral frame.
 */
final class JfrSummary {

    private static final Map<String, String> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("org.postgresql.", "PostgreSQL JDBC driver");
        LAYERS.put("com.zaxxer.hikari.", "connection pool (Hikari)");
        LAYERS.put("com.sun.gjc.", "connection pool (Payara JDBC)");
        LAYERS.put("org.eclipse.persistence.", "JPA (EclipseLink)");
        LAYERS.put("org.jboss.weld.", "CDI (Weld)");
        LAYERS.put("org.glassfish.jersey.", "JAX-RS (Jersey)");
        LAYERS.put("org.glassfish.grizzly.", "HTTP (Grizzly)");
        LAYERS.put("org.apache.catalina.", "Servlet container");
        LAYERS.put("org.eclipse.yasson.", "JSON-B (Yasson)");
        LAYERS.put("org.eclipse.parsson.", "JSON-P (Parsson)");
        LAYERS.put("com.sun.enterprise.transaction.", "JTA transactions");
        LAYERS.put("fish.payara.", "Payara");
        LAYERS.put("io.corral.", "Corral code");
        LAYERS.put("java.util.logging.", "java.util.logging");
    }

    private JfrSummary() {
    }

    static void summarize(Path recording, Report report, String section) throws IOException, InterruptedException {
        for (String event : List.of("jdk.ExecutionSample", "jdk.NativeMethodSample")) {
            String text = ControlPlaneProbe.run(List.of("jfr", "print", "--events", event, "--stack-depth", "96",
                    recording.toString()), Duration.ofMinutes(3));
            List<Sample> samples = parse(text);
            report.detail(section, "**" + event + "**: " + samples.size() + " samples");
            if (samples.isEmpty()) {
                continue;
            }
            report.detail(section, "by thread pool: " + top(count(samples, s -> List.of(s.pool())), samples.size(), 8));
            report.detail(section, "top frames (self): " + top(count(samples, s -> List.of(s.frames().get(0))), samples.size(), 12));
            report.detail(section, "layers (share of samples with a frame in the layer): "
                    + top(count(samples, JfrSummary::layers), samples.size(), LAYERS.size()));
            report.detail(section, "first frame outside the JDK (who called into the hot JDK code): " + top(count(samples,
                    s -> s.frames().stream().filter(f -> !f.startsWith("java.") && !f.startsWith("jdk.")
                            && !f.startsWith("sun.")).limit(1).toList()), samples.size(), 15));
            report.detail(section, "inclusive (share of samples with the method anywhere in the stack), Corral, "
                    + "jakarta.* and ServiceLoader methods: " + top(count(samples, s -> s.frames().stream()
                    .filter(f -> (f.startsWith("io.corral.") && !f.contains("$Proxy$") && !f.contains("__EJB31_Generated"))
                            || f.startsWith("jakarta.") || f.startsWith("java.util.ServiceLoader.")
                            || f.equals("java.lang.ClassLoader.getResources"))
                    .distinct().toList()), samples.size(), 20));
            report.detail(section, "first Corral frame: " + top(count(samples, s -> s.frames().stream()
                    .filter(f -> f.startsWith("io.corral.")).limit(1).toList()), samples.size(), 12));
        }
    }

    record Sample(String pool, List<String> frames) {
    }

    private static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        String thread = "?";
        List<String> frames = null;
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            if (line.startsWith("sampledThread = ")) {
                thread = line.substring("sampledThread = ".length()).replaceAll("\\(javaThreadId.*", "").replace("\"", "").trim();
            } else if (line.startsWith("stackTrace = [")) {
                frames = new ArrayList<>();
            } else if (frames != null && line.equals("]")) {
                if (!frames.isEmpty()) {
                    out.add(new Sample(thread.replaceAll("[0-9]+", "N"), frames));
                }
                frames = null;
            } else if (frames != null && !line.equals("...")) {
                int paren = line.indexOf('(');
                frames.add(paren > 0 ? line.substring(0, paren) : line);
            }
        }
        return out;
    }

    private static List<String> layers(Sample s) {
        Set<String> hit = new HashSet<>();
        for (String f : s.frames()) {
            LAYERS.forEach((prefix, layer) -> {
                if (f.startsWith(prefix)) {
                    hit.add(layer);
                }
            });
        }
        return new ArrayList<>(hit);
    }

    private static Map<String, Integer> count(List<Sample> samples, java.util.function.Function<Sample, List<String>> keys) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Sample s : samples) {
            for (String k : keys.apply(s)) {
                counts.merge(k, 1, Integer::sum);
            }
        }
        return counts;
    }

    private static String top(Map<String, Integer> counts, int total, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .map(e -> String.format("`%s` %.0f%%", e.getKey(), 100.0 * e.getValue() / total))
                .collect(Collectors.joining(", "));
    }
}
