package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator serves only what the official PVE API schema has, and checks parameters like PVE. */
class SchemaConformanceTest {

    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}]+)}");

    private static PveSimulator sim;
    private static PveClient api;
    private static JsonNode officialPaths;
    private static String someUpid;

    @BeforeAll
    static void start() throws IOException {
        officialPaths = new ObjectMapper().readTree(officialSchema().toFile()).path("paths");
        sim = Sims.fast().start();
        api = Sims.client(sim);
        someUpid = api.post("/nodes/pve1/qemu/102/status/start", Map.of()).data().asText();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static Path officialSchema() {
        String property = System.getProperty("pve.schema");
        assertThat(property).as("system property pve.schema (set by the pom to shared/fixtures/pve-api-schema.json)")
                .isNotBlank();
        Path file = Path.of(property);
        assertThat(Files.isRegularFile(file))
                .as("official PVE API schema not found at %s: is the shared/ directory beside the repo?", file)
                .isTrue();
        return file;
    }

    @Test
    void bundledSchemaIsByteIdenticalToTheSharedFixture() throws IOException {
        try (InputStream bundled = PveSimulator.class.getResourceAsStream("/pve-api-schema.json")) {
            assertThat(bundled).as("pve-api-schema.json on the classpath").isNotNull();
            assertThat(bundled.readAllBytes())
                    .as("src/main/resources/pve-api-schema.json has drifted from %s; copy it again", officialSchema())
                    .isEqualTo(Files.readAllBytes(officialSchema()));
        }
    }

    @Test
    void everyServedRouteExistsWithItsMethodInTheOfficialSchema() {
        List<Route> routes = sim.routes();
        assertThat(routes).hasSizeGreaterThanOrEqualTo(30);
        for (Route route : routes) {
            assertThat(officialPaths.path(route.template()).has(route.method()))
                    .as("%s is served but not in the official schema", route)
                    .isTrue();
        }
    }

    @Test
    void everyServedGetRouteAnswersDataWithValidPathParameters() {
        for (Route route : sim.routes()) {
            if (route.method().equals("GET")) {
                PveClient.Reply reply = api.get(concretePath(route));
                assertThat(reply.status()).as("%s → %s", route, reply).isEqualTo(200);
                assertThat(reply.contentType()).isEqualTo("application/json;charset=UTF-8");
                assertThat(reply.body().has("data")).as("%s body %s", route, reply.body()).isTrue();
            }
        }
    }

    @Test
    void callsWithoutRequiredParametersAreRejectedNamingEachOne() {
        int checked = 0;
        for (Route route : sim.routes()) {
            List<String> required = requiredNonPathParameters(route);
            if (required.isEmpty()) {
                continue;
            }
            PveClient.Reply reply = api.send(route.method(), concretePath(route), null, null);
            assertThat(reply.status()).as("%s without %s → %s", route, required, reply).isEqualTo(400);
            assertThat(reply.reason()).isEqualTo("Parameter verification failed.");
            assertThat(reply.body().path("data").isNull()).isTrue();
            for (String name : required) {
                assertThat(reply.body().path("errors").path(name).asText())
                        .isEqualTo("property is missing and it is not optional");
            }
            checked++;
        }
        assertThat(checked).as("routes with required parameters (POST /access/ticket at least)").isPositive();
    }

    @Test
    void unknownRoutesAndMethodsAnswer501() {
        PveClient.Reply unknownPath = api.get("/nodes/pve1/foo");
        assertThat(unknownPath.status()).isEqualTo(501);
        assertThat(unknownPath.reason()).isEqualTo("Method 'GET /nodes/pve1/foo' not implemented");
        assertThat(unknownPath.body().path("data").isNull()).isTrue();

        PveClient.Reply unknownMethod = api.send("DELETE", "/version", null, null);
        assertThat(unknownMethod.status()).isEqualTo(501);
        assertThat(unknownMethod.reason()).isEqualTo("Method 'DELETE /version' not implemented");
    }

    @Test
    void parametersAreTypeCheckedWithPveMessages() {
        assertThat(errors(api.get("/nodes?foo=1")).path("foo").asText())
                .isEqualTo("property is not defined in schema and the schema does not allow additional properties");
        assertThat(errors(api.get("/cluster/nextid?vmid=abc")).path("vmid").asText())
                .isEqualTo("type check ('integer') failed - got 'abc'");
        assertThat(errors(api.get("/cluster/nextid?vmid=42")).path("vmid").asText())
                .isEqualTo("value must have a minimum value of 100");
        assertThat(errors(api.get("/cluster/resources?type=x")).path("type").asText())
                .isEqualTo("value 'x' does not have a value in the enumeration 'vm, storage, node, sdn'");
        assertThat(errors(api.get("/nodes/pve1/tasks?errors=maybe")).path("errors").asText())
                .isEqualTo("type check ('boolean') failed - got 'maybe'");
        assertThat(errors(api.get("/nodes/pve1/qemu/abc/status/current")).path("vmid").asText())
                .isEqualTo("type check ('integer') failed - got 'abc'");
    }

    private static JsonNode errors(PveClient.Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.reason()).isEqualTo("Parameter verification failed.");
        return reply.body().path("errors");
    }

    private static List<String> requiredNonPathParameters(Route route) {
        List<String> pathVariables = new ArrayList<>();
        Matcher m = PATH_VARIABLE.matcher(route.template());
        while (m.find()) {
            pathVariables.add(m.group(1));
        }
        List<String> required = new ArrayList<>();
        JsonNode properties = officialPaths.path(route.template()).path(route.method()).path("parameters")
                .path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            if (property.getValue().path("optional").asInt(0) == 0 && !pathVariables.contains(property.getKey())) {
                required.add(property.getKey());
            }
        }
        return required;
    }

    /** The template with values that exist in the default seed. */
    private static String concretePath(Route route) {
        String vmid = route.template().contains("/lxc/") ? "200" : "100";
        return route.template()
                .replace("{node}", "pve1")
                .replace("{vmid}", vmid)
                .replace("{upid}", PveClient.encode(someUpid));
    }
}
