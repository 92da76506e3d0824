package io.corral.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of a run: one table row per measured figure (printed as it is measured), notes
 * and details per phase, machine and settings; rendered as a markdown report.
 */
final class Report {

    record Row(String phase, String figure, String value, String target, String verdict) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, List<String>> details = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final String startedAt = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    private final String filePrefix;
    private final String title;
    private final String intro;
    private final boolean alwaysTimestamped;

    /** The command-bus report: {@code command-bus-DATE.md}, or DATE-HHMM when that file exists. */
    Report() {
        this("command-bus", "Command bus benchmark", "`bench/run.sh` (`io.corral.bench.CommandBusBench`)", false);
    }

    /**
     * A report written as {@code <filePrefix>-DATE[-HHMM].md} under the title {@code title}; {@code startedBy}
     * names the program in the opening line; {@code alwaysTimestamped} always adds the time of day.
     */
    Report(String filePrefix, String title, String startedBy, boolean alwaysTimestamped) {
        this.filePrefix = filePrefix;
        this.title = title;
        this.intro = startedBy;
        this.alwaysTimestamped = alwaysTimestamped;
    }

    void row(String phase, String figure, String value, String target, Boolean met) {
        Row r = new Row(phase, figure, value, target == null ? "" : target,
                met == null ? "" : met ? "met" : "MISSED");
        rows.add(r);
        System.out.printf("| %-18s | %-44s | %-34s | %-12s | %-6s |%n", r.phase(), r.figure(), r.value(), r.target(), r.verdict());
    }

    void detail(String section, String line) {
        details.computeIfAbsent(section, k -> new ArrayList<>()).add(line);
        System.out.println("  " + section + ": " + line);
    }

    void failure(String phase, Throwable e) {
        failures.add(phase + ": " + e);
        System.out.println("PHASE FAILED " + phase + ": " + e);
    }

    /** Writes the report with the machine and the settings, prints the table and ends the JVM with {@code exit}. */
    void finish(BenchSettings settings, int exit) throws IOException {
        Path file = write(settings.resultsDir(), MachineInfo.describe(settings.root(), settings.payaraVersion()),
                settings.echo());
        System.out.println();
        System.out.println(table());
        System.out.println("Report: " + file);
        System.exit(exit);
    }

    String table() {
        StringBuilder b = new StringBuilder("| Phase | Figure | Measured | Target | |\n|---|---|---|---|---|\n");
        rows.forEach(r -> b.append("| ").append(r.phase()).append(" | ").append(r.figure()).append(" | ")
                .append(r.value()).append(" | ").append(r.target()).append(" | ").append(r.verdict()).append(" |\n"));
        return b.toString();
    }

    Path write(Path dir, List<String> machine, List<String> settings) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(filePrefix + "-" + LocalDate.now() + ".md");
        if (alwaysTimestamped || Files.exists(file)) {
            file = dir.resolve(filePrefix + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")) + ".md");
        }
        StringBuilder b = new StringBuilder();
        b.append("# ").append(title).append(" — ").append(LocalDate.now()).append("\n\n");
        b.append("Started ").append(startedAt).append(" UTC by ").append(intro).append(". ")
                .append("Everything ran on this one machine against 127.0.0.1: the control plane (Payara Micro, -Xmx512m), ")
                .append("embedded PostgreSQL, the launcher's agent and the benchmark JVM share the same CPUs.\n\n");
        b.append("## Machine\n\n");
        machine.forEach(m -> b.append("- ").append(m).append('\n'));
        b.append("\n## Settings\n\n");
        settings.forEach(s -> b.append("- `").append(s).append("`\n"));
        b.append("\n## Results\n\n").append(table());
        if (!failures.isEmpty()) {
            b.append("\nPhases that failed:\n\n");
            failures.forEach(f -> b.append("- ").append(f).append('\n'));
        }
        details.forEach((section, lines) -> {
            b.append("\n## ").append(section).append("\n\n");
            lines.forEach(l -> b.append(l.startsWith("```") || l.startsWith("|") ? "" : "- ").append(l).append('\n'));
        });
        Files.writeString(file, b.toString());
        return file;
    }
}
