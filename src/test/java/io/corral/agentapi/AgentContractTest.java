package io.corral.agentapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.command.CommandType;
import io.corral.command.CommandTypes;
import io.corral.fleet.HeartbeatReport;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the control plane to {@code docs/agent-contract.json}, the one statement of what the
 * agent and the control plane agree on (the agent has the same test on its side).
 */
class AgentContractTest {
    private static final JsonNode CONTRACT = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(java.nio.file.Path.of(
                    System.getProperty("corral.contract", "docs/agent-contract.json")).toFile());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot read the agent contract", e);
        }
    }

    @Test
    void commandTypesAreTheContractsWithTheirReadOnlyFlagAndRequiredFields() {
        Map<String, String> expected = new TreeMap<>();
        CONTRACT.path("commandTypes").fields().forEachRemaining(e -> expected.put(e.getKey(),
                "readOnly=" + e.getValue().path("readOnly").asBoolean() + " " + fields(e.getValue().path("required"))));
        Map<String, String> actual = new TreeMap<>();
        for (String name : CommandTypes.names()) {
            CommandType type = CommandTypes.find(name).orElseThrow();
            Map<String, String> required = new TreeMap<>();
            type.required().forEach((field, kind) -> required.put(field, kind.name().toLowerCase()));
            actual.put(name, "readOnly=" + type.readOnly() + " " + required);
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void agentApiPathsAreTheContracts() {
        List<String> actual = new ArrayList<>();
        for (Class<?> resource : List.of(HeartbeatResource.class, AgentTargetResource.class,
                AgentCommandResource.class)) {
            String base = "/api/" + resource.getAnnotation(Path.class).value();
            for (Method m : resource.getDeclaredMethods()) {
                String verb = m.isAnnotationPresent(GET.class) ? "GET" : m.isAnnotationPresent(POST.class) ? "POST" : null;
                if (verb != null) {
                    Path sub = m.getAnnotation(Path.class);
                    actual.add(verb + " " + base + (sub == null ? "" : "/" + sub.value()));
                }
            }
        }
        List<String> expected = new ArrayList<>();
        CONTRACT.path("paths").forEach(p -> expected.add(p.asText()));
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theRelayDialBackSocketIsTheContracts() {
        assertThat(AgentRelayEndpoint.PATH).isEqualTo(CONTRACT.path("relaySocket").asText());
    }

    @Test
    void theLongPollTakesTheContractsQueryParameters() throws NoSuchMethodException {
        Method next = AgentCommandResource.class.getMethod("next", String.class, String.class, String.class);
        TreeSet<String> actual = new TreeSet<>();
        for (var annotations : next.getParameterAnnotations()) {
            for (var a : annotations) {
                if (a instanceof QueryParam q) {
                    actual.add(q.value());
                }
            }
        }
        TreeSet<String> expected = new TreeSet<>();
        CONTRACT.path("nextQuery").fieldNames().forEachRemaining(expected::add);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void theHeartbeatReadsEveryContractFieldWithItsKind() {
        assertThat(shape(HeartbeatReport.class)).isEqualTo(shape(CONTRACT.path("heartbeat")));
    }

    /** A record as {field: kind}, nested records and lists of records as nested shapes. */
    private static Map<String, Object> shape(Class<?> record) {
        Map<String, Object> out = new TreeMap<>();
        for (RecordComponent c : record.getRecordComponents()) {
            out.put(c.getName(), kind(c.getGenericType()));
        }
        return out;
    }

    private static Object kind(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Type element = p.getActualTypeArguments()[0];
            return element instanceof Class<?> c && c.isRecord() ? List.of(shape(c)) : "array";
        }
        Class<?> c = (Class<?>) type;
        if (c.isRecord()) {
            return shape(c);
        }
        if (c == String.class || c == OffsetDateTime.class || c == UUID.class) {
            return "string";
        }
        if (c == Integer.class || c == Long.class) {
            return "integer";
        }
        if (c == Double.class) {
            return "number";
        }
        if (c == Boolean.class) {
            return "boolean";
        }
        if (JsonValue.class.isAssignableFrom(c)) {
            return "any";
        }
        throw new AssertionError("No contract kind for " + c);
    }

    private static Map<String, Object> shape(JsonNode node) {
        Map<String, Object> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            out.put(e.getKey(), v.isObject() ? shape(v) : v.isArray() ? List.of(shape(v.get(0))) : v.asText());
        }
        return out;
    }

    private static Map<String, String> fields(JsonNode node) {
        Map<String, String> out = new TreeMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
