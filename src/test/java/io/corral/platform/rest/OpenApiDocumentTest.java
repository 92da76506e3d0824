package io.corral.platform.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The JAX-RS resources, the served OpenAPI document and docs/api.md list the same operations. */
class OpenApiDocumentTest {
    private static final Pattern DOC_HEADING = Pattern.compile("^### `(GET|POST|PUT|PATCH|DELETE) (/api/[^`?]+)");

    @Test
    void resourcesOpenApiAndDocsAgree() throws Exception {
        Set<String> resources = resourceOperations();
        assertThat(resources).hasSizeGreaterThan(15);
        assertThat(openApiOperations()).as("META-INF/openapi.json").isEqualTo(resources);
        assertThat(documentedOperations()).as("docs/api.md").isEqualTo(resources);
    }

    private static Set<String> resourceOperations() throws IOException, ClassNotFoundException {
        Set<String> ops = new TreeSet<>();
        java.nio.file.Path classes = java.nio.file.Path.of("target", "classes");
        try (Stream<java.nio.file.Path> files = Files.walk(classes.resolve("io/corral"))) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader());
                Path root = type.getAnnotation(Path.class);
                if (root == null) {
                    continue;
                }
                for (Method m : type.getDeclaredMethods()) {
                    String verb = m.isAnnotationPresent(GET.class) ? "GET" : m.isAnnotationPresent(POST.class) ? "POST"
                            : m.isAnnotationPresent(PUT.class) ? "PUT" : m.isAnnotationPresent(PATCH.class) ? "PATCH"
                            : m.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
                    if (verb != null) {
                        Path sub = m.getAnnotation(Path.class);
                        ops.add(verb + " /api/" + root.value() + (sub == null ? "" : "/" + sub.value()));
                    }
                }
            }
        }
        return ops;
    }

    private static Set<String> openApiOperations() throws IOException {
        Set<String> ops = new TreeSet<>();
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/META-INF/openapi.json")) {
            JsonNode paths = new ObjectMapper().readTree(in).path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                path.getValue().fieldNames().forEachRemaining(verb -> ops.add(verb.toUpperCase() + " " + path.getKey()));
            }
        }
        return ops;
    }

    private static Set<String> documentedOperations() throws IOException {
        Set<String> ops = new TreeSet<>();
        for (String line : Files.readAllLines(java.nio.file.Path.of("docs", "api.md"))) {
            Matcher m = DOC_HEADING.matcher(line);
            if (m.find()) {
                ops.add(m.group(1) + " " + m.group(2));
            }
        }
        return ops;
    }
}
