package io.corral;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control plane's packages form no cycle, and the domain rules of CONVENTIONS hold:
 * {@code fleet} does not use {@code command}, nothing uses the agent API or the console.
 * Read from the sources: every {@code io.corral.…} reference, imported or fully qualified.
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.corral\\.([a-z0-9_.]+)\\.[A-Z]");
    private static final Pattern PACKAGE = Pattern.compile("^package io\\.corral\\.([a-z0-9_.]+);", Pattern.MULTILINE);
    private static final Map<String, Set<String>> GRAPH = graph();

    @Test
    void noPackageCycles() {
        assertThat(new Cycles(GRAPH).find()).as("package cycles").isEmpty();
    }

    @Test
    void domainsKeepTheirDistance() {
        assertThat(GRAPH.getOrDefault("fleet", Set.of())).as("fleet uses").doesNotContain("command");
        GRAPH.forEach((from, to) -> {
            if (!from.equals("agentapi")) {
                assertThat(to).as(from + " uses").doesNotContain("agentapi", "console");
            }
        });
    }

    private static Map<String, Set<String>> graph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(text);
                if (!pkg.find()) {
                    continue;
                }
                Set<String> uses = graph.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
                Matcher ref = REFERENCE.matcher(text.substring(pkg.end()));
                while (ref.find()) {
                    if (!ref.group(1).equals(pkg.group(1))) {
                        uses.add(ref.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return graph;
    }

    /** Tarjan's strongly connected components; every component of more than one package is a cycle. */
    private static final class Cycles {
        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final List<String> stack = new ArrayList<>();
        private final List<Set<String>> cycles = new ArrayList<>();
        private int next;

        Cycles(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        List<Set<String>> find() {
            graph.keySet().forEach(p -> {
                if (!index.containsKey(p)) {
                    visit(p);
                }
            });
            return cycles;
        }

        private void visit(String p) {
            index.put(p, next);
            low.put(p, next++);
            stack.add(p);
            for (String q : graph.getOrDefault(p, Set.of())) {
                if (!index.containsKey(q)) {
                    visit(q);
                    low.put(p, Math.min(low.get(p), low.get(q)));
                } else if (stack.contains(q)) {
                    low.put(p, Math.min(low.get(p), index.get(q)));
                }
            }
            if (low.get(p).equals(index.get(p))) {
                Set<String> component = new TreeSet<>();
                String q;
                do {
                    q = stack.remove(stack.size() - 1);
                    component.add(q);
                } while (!q.equals(p));
                if (component.size() > 1) {
                    cycles.add(component);
                }
            }
        }
    }
}
