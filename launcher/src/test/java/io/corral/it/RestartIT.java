package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A second run on the same data directory keeps agents, users and tokens. Runs last. */
@ExtendWith(SharedStack.class)
@Order(10)
class RestartIT {

    @Test
    void aSecondRunKeepsAgentsUsersAndTokens() throws Exception {
        Stack before = SharedStack.get();
        String agentId = before.agentId();
        String password = before.adminPassword();
        String token = before.apiToken();
        String spare = new Api(before.apiUrl(), token).post("/agents", "{\"name\":\"it-kept\"}").json()
                .path("id").asText();

        Stack after = SharedStack.restart();

        assertThat(after.agentId()).isEqualTo(agentId);
        assertThat(after.adminPassword()).isEqualTo(password);
        assertThat(after.apiToken()).isEqualTo(token);
        Api api = new Api(after.apiUrl(), token);
        JsonNode agents = api.get("/agents").json();
        assertThat(agents.toString()).contains(agentId, spare, "it-kept");
        Await.until("agent online after the restart", Duration.ofSeconds(60), () -> api.get("/agents/" + agentId).json(),
                a -> "online".equals(a.path("status").asText()));
        assertThat(api.get("/vms?agent=" + agentId).json().path("total").asInt()).isEqualTo(10);
        assertThat(consoleSignIn(after, password)).as("the admin user survived").contains("current-user");
    }

    private static String consoleSignIn(Stack stack, String password) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        http.send(HttpRequest.newBuilder(URI.create(stack.consoleUrl())).build(), HttpResponse.BodyHandlers.ofString());
        String form = "j_username=" + stack.adminUser() + "&j_password=" + password;
        http.send(HttpRequest.newBuilder(URI.create(stack.consoleUrl() + "j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return http.send(HttpRequest.newBuilder(URI.create(stack.consoleUrl())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
