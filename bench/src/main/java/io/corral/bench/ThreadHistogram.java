package io.corral.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live threads of a JVM per pool, from a {@code jcmd <pid> Thread.print} dump: thread names with
 * their numbers normalised ({@code http-thread-pool::http-listener(N)}), Hazelcast's instance name
 * dropped ({@code hz.*.partition-operation.thread-N}), the JVM's own Java threads in two groups:
 * those {@code thread_count} (ThreadMXBean) reports and those it hides (compiler threads and the
 * like). The JVM's native threads (GC, VM thread) exist only as OS threads and are counted apart.
 */
final class ThreadHistogram {

    static final String JVM = "JVM (reference handler, finalizer, signal, cleaner, attach, …)";
    static final String JVM_HIDDEN = "JVM, hidden from thread_count (compilers, sweeper, service, monitor deflation)";
    static final String JVM_NATIVE = "JVM native, not Java threads (GC, VM thread, …)";
    // "name" #12 daemon prio=5 os_prio=0 …   (a Java thread); "name" os_prio=0 …   (a native one)
    private static final Pattern HEADER = Pattern.compile("^\"(.*)\" (#\\d+ )?.*$");
    private static final Pattern HAZELCAST = Pattern.compile("^hz\\.[^.]+\\.");
    private static final Pattern DIGITS = Pattern.compile("(?<!hk)\\d+"); // hk2 is a name, not a number
    private static final Pattern JVM_THREADS = Pattern.compile("Reference Handler|Finalizer|Signal Dispatcher"
            + "|Common-Cleaner|Notification Thread|Attach Listener|DestroyJavaVM");
    // Java threads of the JVM itself that ThreadMXBean (and so thread_count) does not report
    private static final Pattern JVM_HIDDEN_THREADS = Pattern.compile("Service Thread|Monitor Deflation Thread"
            + "|Sweeper thread|C[12] CompilerThread\\d+");

    private final Map<String, Integer> pools;
    private final int nativeThreads;

    private ThreadHistogram(Map<String, Integer> pools, int nativeThreads) {
        this.pools = pools;
        this.nativeThreads = nativeThreads;
    }

    /** Prints the table of saved dumps: {@code ThreadHistogram label=dump.txt …}. */
    public static void main(String[] args) throws java.io.IOException {
        List<String> labels = new ArrayList<>();
        List<ThreadHistogram> histograms = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            labels.add(arg.substring(0, eq));
            histograms.add(parse(java.nio.file.Files.readString(java.nio.file.Path.of(arg.substring(eq + 1)))));
        }
        table(labels, histograms).forEach(System.out::println);
    }

    static ThreadHistogram parse(String threadDump) {
        Map<String, Integer> pools = new TreeMap<>();
        int nativeThreads = 0;
        for (String line : threadDump.split("\n")) {
            Matcher m = HEADER.matcher(line);
            if (!m.matches()) {
                continue;
            }
            if (m.group(2) == null) {
                nativeThreads++;
            } else {
                pools.merge(pool(m.group(1)), 1, Integer::sum);
            }
        }
        return new ThreadHistogram(pools, nativeThreads);
    }

    /** The pool a thread name belongs to. */
    static String pool(String threadName) {
        if (JVM_HIDDEN_THREADS.matcher(threadName).matches()) {
            return JVM_HIDDEN;
        }
        if (JVM_THREADS.matcher(threadName).matches()) {
            return JVM;
        }
        return DIGITS.matcher(HAZELCAST.matcher(threadName).replaceFirst("hz.*.")).replaceAll("N");
    }

    int javaThreads() {
        return pools.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The Java threads {@code thread_count} (ThreadMXBean) reports: all but the JVM's hidden ones. */
    int liveThreads() {
        return javaThreads() - pools.getOrDefault(JVM_HIDDEN, 0);
    }

    int nativeThreads() {
        return nativeThreads;
    }

    Map<String, Integer> pools() {
        return pools;
    }

    /**
     * One markdown table of several histograms side by side (e.g. idle and holding polls), a row
     * per pool, largest first by the last column; totals at the bottom.
     */
    static List<String> table(List<String> labels, List<ThreadHistogram> histograms) {
        Set<String> names = new LinkedHashSet<>();
        ThreadHistogram last = histograms.get(histograms.size() - 1);
        last.pools.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> names.add(e.getKey()));
        histograms.forEach(h -> names.addAll(h.pools.keySet()));
        List<String> lines = new ArrayList<>();
        lines.add("| pool (thread name, digits as N) | " + String.join(" | ", labels) + " |");
        lines.add("|---" + "|---:".repeat(labels.size()) + "|");
        for (String name : names) {
            StringBuilder b = new StringBuilder("| `").append(name.replace("|", "\\|")).append("` |");
            histograms.forEach(h -> b.append(' ').append(h.pools.getOrDefault(name, 0)).append(" |"));
            lines.add(b.toString());
        }
        StringBuilder total = new StringBuilder("| **live threads (as thread_count counts them: all above but the hidden)** |");
        histograms.forEach(h -> total.append(" **").append(h.liveThreads()).append("** |"));
        lines.add(total.toString());
        StringBuilder natives = new StringBuilder("| ").append(JVM_NATIVE).append(" |");
        histograms.forEach(h -> natives.append(' ').append(h.nativeThreads).append(" |"));
        lines.add(natives.toString());
        return lines;
    }
}
