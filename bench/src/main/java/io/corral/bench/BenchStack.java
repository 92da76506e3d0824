package io.corral.bench;

import io.corral.launcher.LaunchOptions;
import io.corral.launcher.Stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The stack a benchmark runs on: its progress printed, stopped when the JVM exits (and by a watchdog when
 * a run hangs), its start timed into the report's first row.
 */
final class BenchStack {
    private BenchStack() {
    }

    /** A stack for these options, stopped at exit; not started yet. */
    static Stack prepare(LaunchOptions options) {
        Stack stack = new Stack(options).onProgress(m -> System.out.println("  stack: " + m));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-stack"));
        return stack;
    }

    /** Stops the stack and the JVM if the run is still going after this many minutes. */
    static void watchdog(Stack stack, long minutes) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(minutes * 60_000);
                System.err.println("Benchmark still running after " + minutes + " minutes: stopping the stack");
                stack.close();
                System.exit(2);
            } catch (InterruptedException ignored) {
                // the run ended first
            }
        }, "watchdog");
        t.setDaemon(true);
        t.start();
    }

    /** The header of the table the rows are printed in as they are measured. */
    static void printHeader() {
        System.out.printf("| %-18s | %-44s | %-34s | %-12s | %-6s |%n", "Phase", "Figure", "Measured", "Target", "");
    }

    /** Starts the stack (and waits for its agent when asked) and reports how long that took. */
    static void launch(Stack stack, Report report, boolean awaitAgent) throws Exception {
        long t0 = System.nanoTime();
        stack.launch();
        if (awaitAgent) {
            stack.awaitAgentOnline(Duration.ofSeconds(60));
        }
        report.row("Start", "stack up (PostgreSQL, simulator, control plane, agent)",
                String.format("%.1f s", (System.nanoTime() - t0) / 1e9), "", null);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
