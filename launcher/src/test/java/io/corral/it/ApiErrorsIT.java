package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad tokens, wrong roles, unknown routes and bad input: JSON errors, never HTML or traces. */
@ExtendWith(SharedStack.class)
@Order(2)
class ApiErrorsIT {
    private static Stack stack;
    private static Api admin;
    private static String v1;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        v1 = stack.controlPlaneUrl() + "/api/v1";
        admin = new Api(v1, stack.apiToken());
    }

    @Test
    void missingOrBadTokensAre401() {
        assertError(new Api(v1, null).get("/agents"), 401, "UNAUTHORIZED");
        assertError(new Api(v1, "cpt_not-a-real-token").get("/vms"), 401, "UNAUTHORIZED");
        assertThat(new Api(v1, "x").get("/agents").raw().headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void rolesAreEnforced() {
        JsonNode issued = admin.post("/tokens", "{\"name\":\"it-viewer\",\"role\":\"viewer\"}").json();
        Api viewer = new Api(v1, issued.path("token").asText());
        assertThat(viewer.get("/agents").status()).isEqualTo(200);
        assertError(viewer.post("/agents", "{\"name\":\"sneaky\"}"), 403, "FORBIDDEN");
        assertError(viewer.get("/tokens"), 403, "FORBIDDEN");
        assertThat(admin.get("/tokens").body()).contains("it-viewer").doesNotContain(issued.path("token").asText());

        admin.send("DELETE", "/tokens/" + issued.path("id").asText(), null, null);
        assertError(viewer.get("/agents"), 401, "UNAUTHORIZED");
    }

    @Test
    void agentAndApiTokensStayOnTheirSide() {
        assertError(new Api(v1, stack.agentToken()).get("/agents"), 403, "FORBIDDEN");
        assertError(admin.post("/agent/heartbeat", "{}"), 403, "FORBIDDEN");
    }

    @Test
    void unknownRoutesAndIdsAre404() {
        assertError(admin.get("/no-such-thing"), 404, "NOT_FOUND");
        assertError(new Api(v1, null).get("/no-such-thing"), 404, "NOT_FOUND");
        assertError(admin.get("/agents/6f1c8a34-6c4e-4a65-9c39-0e7f7a6d3a11"), 404, "NOT_FOUND");
        assertError(admin.get("/vms?agent=nobody"), 404, "NOT_FOUND");
        assertError(new Api(stack.controlPlaneUrl() + "/api", null).get("/v2/agents"), 404, "NOT_FOUND");
    }

    @Test
    void badInputIs4xxNamingTheProblem() {
        assertThat(assertError(admin.get("/agents/not-a-uuid"), 400, "VALIDATION_FAILED").path("message").asText())
                .contains("id");
        assertError(admin.post("/agents", "{\"name\":"), 400, "BAD_JSON");
        assertThat(assertError(admin.post("/agents", "{\"name\":\"x1\",\"colour\":\"red\"}"), 400, "BAD_JSON")
                .path("message").asText()).contains("colour");
        assertError(admin.post("/agents", "{\"name\":\"x2\",\"ttlSeconds\":\"soon\"}"), 400, "BAD_JSON");
        assertThat(assertError(admin.post("/agents", "{\"name\":\"bad name!\"}"), 400, "VALIDATION_FAILED")
                .path("message").asText()).startsWith("name");
        assertError(admin.post("/agents", "{\"name\":\"x3\",\"ttlSeconds\":0}"), 400, "VALIDATION_FAILED");
        assertError(admin.get("/vms?status=sleeping"), 400, "VALIDATION_FAILED");
        assertError(admin.send("POST", "/agents", "text/plain", "name=x"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(admin.send("DELETE", "/agents", null, null), 405, "METHOD_NOT_ALLOWED");
        assertError(admin.post("/agents", "{\"name\":\"" + stack.agentName() + "\"}"), 409, "AGENT_EXISTS");
        assertThat(admin.get("/agents").body()).as("bad input created nothing")
                .doesNotContain("\"x1\"", "\"x2\"", "\"x3\"", "bad name");
    }

    @Test
    void registeredAgentsGetATokenOnceAndCanRotateIt() {
        Api.Reply created = admin.post("/agents", "{\"name\":\"it-spare\",\"ttlSeconds\":60}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.raw().headers().firstValue("Location")).isPresent();
        String id = created.json().path("id").asText();
        String first = created.json().path("token").asText();
        assertThat(first).startsWith("cag_");
        assertThat(admin.get("/agents/" + id).body()).doesNotContain(first);

        String second = admin.post("/agents/" + id + "/token", "").json().path("token").asText();
        assertThat(second).isNotEqualTo(first);
        assertError(new Api(v1, first).post("/agent/heartbeat", "{}"), 401, "UNAUTHORIZED");
        assertThat(new Api(v1, second).post("/agent/heartbeat", "{\"version\":\"x\",\"future\":true}").status())
                .as("the agent API ignores unknown fields").isEqualTo(200);
        assertThat(admin.get("/agents/" + id).json().path("status").asText()).isEqualTo("online");
    }

    @Test
    void theOpenApiDocumentIsServed() {
        Api.Reply doc = new Api(stack.controlPlaneUrl(), null).get("/openapi");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.body()).contains("Corral API", "/api/v1/commands/{id}/cancel", "/api/v1/agent/commands/next");
    }

    @Test
    void healthIsOpen() {
        assertThat(new Api(v1, null).get("/health").json().path("status").asText()).isEqualTo("UP");
    }

    private static JsonNode assertError(Api.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        return body;
    }
}
