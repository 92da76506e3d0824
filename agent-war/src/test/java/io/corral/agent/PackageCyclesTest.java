package io.corral.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the agent depend on each other, directly or through others: a cycle means
 * neither can be understood, tested or moved without the other. Dependencies are read from the
 * main sources (imports, and fully qualified names in code; comments and strings do not count),
 * and only between packages of this module.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final String ROOT = "io.corral.agent";
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    // io.corral.agent.<lower-case segments>.<Type>: the package is everything before the type.
    private static final Pattern REFERENCE = Pattern.compile(
            "\\b(" + Pattern.quote(ROOT) + "(?:\\.[a-z_][a-z0-9_]*)*)\\.[A-Z]");
    // Text blocks, strings, chars and comments, so that names inside them are not taken as uses.
    private static final Pattern NOT_CODE = Pattern.compile(
            "\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'|//[^\\n]*|/\\*[\\s\\S]*?\\*/");

    /** package → package it uses → the files that make it use it. */
    private final Map<String, Map<String, Set<String>>> graph = new TreeMap<>();

    @Test
    void packagesHaveNoCycles() throws IOException {
        readSources();

        List<List<String>> cycles = new Tarjan(graph).cycles();

        assertThat(cycles).as("package cycles:%n%s", describe(cycles)).isEmpty();
    }

    @Test
    void theGraphIsReadFromTheSources() throws IOException {
        readSources();

        // Guards the test above against passing on an empty or misread graph.
        assertThat(graph).containsKeys(ROOT + ".command", ROOT + ".executor", ROOT + ".executor.proxmox");
        assertThat(graph.get(ROOT + ".executor.proxmox")).containsKey(ROOT + ".executor");
    }

    @Test
    void aCycleIsFound() {
        Map<String, Map<String, Set<String>>> sample = new TreeMap<>();
        sample.put("a", Map.of("b", Set.of()));
        sample.put("b", Map.of("c", Set.of()));
        sample.put("c", Map.of("a", Set.of(), "d", Set.of()));
        sample.put("d", Map.of());
        sample.put("e", Map.of("a", Set.of()));

        assertThat(new Tarjan(sample).cycles()).containsExactly(List.of("a", "b", "c"));
    }

    private void readSources() throws IOException {
        Map<Path, String> files = new HashMap<>();
        try (Stream<Path> paths = Files.walk(SOURCES.resolve(ROOT.replace('.', '/')))) {
            for (Path file : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
                files.put(file, Files.readString(file));
            }
        }
        Map<Path, String> packages = new HashMap<>();
        files.forEach((file, text) -> {
            Matcher m = PACKAGE.matcher(NOT_CODE.matcher(text).replaceAll(" "));
            if (m.find()) {
                packages.put(file, m.group(1));
                graph.computeIfAbsent(m.group(1), p -> new TreeMap<>());
            }
        });
        files.forEach((file, text) -> {
            String from = packages.get(file);
            Matcher m = REFERENCE.matcher(NOT_CODE.matcher(text).replaceAll(" "));
            while (m.find()) {
                String to = m.group(1);
                if (from != null && !to.equals(from) && graph.containsKey(to)) {
                    graph.get(from).computeIfAbsent(to, p -> new TreeSet<>()).add(file.getFileName().toString());
                }
            }
        });
    }

    private String describe(List<List<String>> cycles) {
        StringBuilder text = new StringBuilder();
        for (List<String> cycle : cycles) {
            text.append("- ").append(cycle.stream().map(PackageCyclesTest::shortName).collect(Collectors.joining(", ")))
                    .append('\n');
            for (String from : cycle) {
                graph.get(from).forEach((to, sources) -> {
                    if (cycle.contains(to)) {
                        text.append("    ").append(shortName(from)).append(" -> ").append(shortName(to))
                                .append(" (").append(String.join(", ", sources)).append(")\n");
                    }
                });
            }
        }
        return text.toString();
    }

    private static String shortName(String pkg) {
        return pkg.equals(ROOT) ? "(root)" : pkg.substring(ROOT.length() + 1);
    }

    /** Tarjan's strongly connected components; every component of more than one package is a cycle. */
    private static final class Tarjan {

        private final Map<String, Map<String, Set<String>>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> lowLink = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<List<String>> cycles = new ArrayList<>();

        Tarjan(Map<String, Map<String, Set<String>>> graph) {
            this.graph = graph;
        }

        List<List<String>> cycles() {
            for (String pkg : graph.keySet()) {
                if (!index.containsKey(pkg)) {
                    visit(pkg);
                }
            }
            return cycles;
        }

        private void visit(String pkg) {
            index.put(pkg, index.size());
            lowLink.put(pkg, index.get(pkg));
            stack.push(pkg);
            onStack.add(pkg);
            for (String next : graph.get(pkg).keySet()) {
                if (!index.containsKey(next)) {
                    visit(next);
                    lowLink.put(pkg, Math.min(lowLink.get(pkg), lowLink.get(next)));
                } else if (onStack.contains(next)) {
                    lowLink.put(pkg, Math.min(lowLink.get(pkg), index.get(next)));
                }
            }
            if (lowLink.get(pkg).equals(index.get(pkg))) {
                List<String> component = new ArrayList<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(pkg));
                if (component.size() > 1) {
                    component.sort(null);
                    cycles.add(component);
                }
            }
        }
    }
}
