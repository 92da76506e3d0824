package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** SSH targets: admins register them, SSRF addresses are refused, agents see a versioned list. */
@ExtendWith(SharedStack.class)
@Order(4)
class TargetsIT {
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh1c2VybmFtZWF0aG9zdGtleXRlc3RrZXkxMjM0NTY=";
    private static Stack stack;
    private static Api admin;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
    }

    private static String target(String name, String host) {
        return "{\"name\":\"" + name + "\",\"host\":\"" + host + "\",\"user\":\"corral\",\"keyRef\":\"fleet-key\","
                + "\"hostKey\":\"" + KEY + "\",\"node\":\"pve1\",\"vmid\":100}";
    }

    @Test
    void ssrfAddressesAreRefusedAtRegistration() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        // Loopback is allowed on this test stack (SshCommandsIT runs its SSH server there); TargetRulesTest
        // covers its refusal under the default setting.
        for (String host : new String[] {"169.254.169.254", "fd00:ec2::254", "0.0.0.0", "fe80::1"}) {
            Api.Reply r = admin.post("/agents/" + agent.id + "/targets", target("t-" + Math.abs(host.hashCode()), host));
            assertThat(r.status()).as(host + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().path("code").asText()).isEqualTo("TARGET_FORBIDDEN");
        }
        assertThat(admin.get("/agents/" + agent.id + "/targets").json().path("items").size()).isZero();
    }

    @Test
    void targetsAreVersionedForTheAgentAndHoldNoSecrets() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        long before = agent.heartbeat().path("targetsVersion").asLong();
        Api.Reply added = admin.post("/agents/" + agent.id + "/targets", target("web-1", "10.20.30.40"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(admin.post("/agents/" + agent.id + "/targets", target("web-1", "10.20.30.41")).json()
                .path("code").asText()).isEqualTo("TARGET_EXISTS");
        Api.Reply keyMaterial = admin.post("/agents/" + agent.id + "/targets", target("web-2", "10.20.30.42")
                .replace("fleet-key", "-----BEGIN OPENSSH PRIVATE KEY-----"));
        assertThat(keyMaterial.status()).isEqualTo(400);

        long after = agent.heartbeat().path("targetsVersion").asLong();
        assertThat(after).isGreaterThan(before);
        JsonNode mine = agent.api.get("/agent/targets").json();
        assertThat(mine.path("version").asLong()).isEqualTo(after);
        assertThat(mine.path("targets").get(0).path("host").asText()).isEqualTo("10.20.30.40");
        assertThat(mine.path("targets").get(0).path("hostKey").asText()).isEqualTo(KEY);

        EmulatedAgent other = EmulatedAgent.register(stack, admin, true);
        assertThat(other.api.get("/agent/targets").json().path("targets").size()).as("only its own").isZero();
        assertThat(new Api(stack.apiUrl(), stack.apiToken()).get("/agent/targets").status()).isEqualTo(403);

        assertThat(admin.send("DELETE", "/agents/" + agent.id + "/targets/web-1", null, null).status()).isEqualTo(204);
        assertThat(agent.heartbeat().path("targetsVersion").asLong()).isGreaterThan(after);
        assertThat(agent.api.get("/agent/targets").json().path("targets").size()).isZero();
    }
}
