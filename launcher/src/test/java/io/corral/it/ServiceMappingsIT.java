package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Services linked to guests: link, list, unlink with history kept, and clone runs that link their guests. */
@ExtendWith(SharedStack.class)
@Order(8)
class ServiceMappingsIT {
    private static Stack stack;
    private static Api admin;
    private static String vmA;
    private static String vmB;

    @BeforeAll
    static void guests() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
        List<String> ids = Guests.make(stack, admin, "sm", 2);
        vmA = ids.get(0);
        vmB = ids.get(1);
    }

    private static Api.Reply link(String service, String body) {
        return admin.post("/services/" + service + "/vms", body);
    }

    private static List<String> vmIds(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("items").forEach(l -> ids.add(l.path("vmId").asText()));
        return ids;
    }

    @Test
    void linkListAndUnlinkKeepingHistory() {
        String service = "fulcrum:svc-42";
        Api.Reply first = link(service, "{\"vmId\":\"" + vmA + "\"}");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        JsonNode l = first.json();
        assertThat(l.path("serviceId").asText()).isEqualTo(service);
        assertThat(l.path("vmId").asText()).isEqualTo(vmA);
        assertThat(l.path("vmName").asText()).isEqualTo("sm-1");
        assertThat(l.path("agentId").asText()).isEqualTo(stack.agentId());
        assertThat(l.path("guest").asText()).isEqualTo("present");
        assertThat(l.path("linkedBy").asText()).isNotBlank();
        assertThat(l.path("unlinkedAt").isNull()).isTrue();

        Api.Reply again = link(service, "{\"vmId\":\"" + vmA + "\"}");
        assertThat(again.status()).as("linking a linked VM is idempotent").isEqualTo(200);
        assertThat(again.json().path("id").asText()).isEqualTo(l.path("id").asText());
        Api.Reply both = link(service, "{\"vmIds\":[\"" + vmA + "\",\"" + vmB + "\"]}");
        assertThat(both.status()).as(both.body()).isEqualTo(201);
        assertThat(vmIds(both.json())).containsExactly(vmA, vmB);

        assertThat(vmIds(admin.get("/services/" + service + "/vms").json())).containsExactly(vmA, vmB);
        assertThat(services().get(service)).isEqualTo(2);
        assertThat(admin.get("/vms/" + vmA + "/services").json().path("items").get(0).path("serviceId").asText())
                .isEqualTo(service);

        Api.Reply ended = admin.send("DELETE", "/services/" + service + "/vms/" + vmA, null, null);
        assertThat(ended.status()).as(ended.body()).isEqualTo(200);
        assertThat(ended.json().path("unlinkedAt").isNull()).isFalse();
        assertThat(vmIds(admin.get("/services/" + service + "/vms").json())).containsExactly(vmB);
        assertThat(services().get(service)).isEqualTo(1);
        assertThat(admin.get("/vms/" + vmA + "/services").json().path("items")).isEmpty();
        assertThat(admin.send("DELETE", "/services/" + service + "/vms/" + vmA, null, null).status())
                .as("no current link").isEqualTo(404);

        assertThat(link(service, "{\"vmId\":\"" + vmA + "\"}").status()).as("linked anew").isEqualTo(201);
        JsonNode history = admin.get("/services/" + service + "/vms?history=true").json();
        assertThat(vmIds(history)).containsExactly(vmA, vmB, vmA);
        assertThat(history.path("items").get(0).path("unlinkedAt").isNull()).isFalse();
        assertThat(history.path("items").get(0).path("unlinkedBy").asText()).isNotBlank();
        assertThat(admin.get("/vms/" + vmA + "/services?history=true").json().path("items")).hasSize(2);
        assertThat(Guests.events(admin, vmA, "service")).containsExactly("->" + service + " linked to service " + service,
                service + ">- unlinked from service " + service, "->" + service + " linked to service " + service);
    }

    @Test
    void linksOutliveTheirGuest() {
        String gone = Guests.make(stack, admin, "smg", 1).get(0);
        assertThat(link("keep-history", "{\"vmId\":\"" + gone + "\"}").status()).isEqualTo(201);
        Guests.destroy(stack, admin, gone);
        JsonNode links = admin.get("/services/keep-history/vms").json();
        assertThat(links.path("items")).hasSize(1);
        assertThat(links.path("items").get(0).path("guest").asText()).isEqualTo("gone");
        assertThat(links.path("items").get(0).path("vmName").asText()).isEqualTo("smg-1");
        Api.Reply ofGuest = admin.get("/vms/" + gone + "/services");
        assertThat(ofGuest.status()).as(ofGuest.body()).isEqualTo(200);
        assertThat(ofGuest.json().path("items")).hasSize(1);
        Api.Reply ended = admin.send("DELETE", "/services/keep-history/vms/" + gone, null, null);
        assertThat(ended.status()).as("a gone guest's link can still be ended").isEqualTo(200);
        assertThat(admin.get("/services/keep-history/vms?history=true").json().path("items").get(0)
                .path("unlinkedAt").isNull()).isFalse();
    }

    @Test
    void viewersReadAndOperatorsLink() {
        Api.Reply issued = admin.post("/tokens", "{\"name\":\"sm-viewer\",\"role\":\"viewer\"}");
        Api viewer = new Api(stack.apiUrl(), issued.json().path("token").asText());
        assertThat(viewer.get("/services").status()).isEqualTo(200);
        assertThat(viewer.get("/services/x/vms").status()).isEqualTo(200);
        assertThat(viewer.post("/services/x/vms", "{\"vmId\":\"" + vmA + "\"}").status()).isEqualTo(403);
        assertThat(viewer.send("DELETE", "/services/x/vms/" + vmA, null, null).status()).isEqualTo(403);
    }

    @Test
    void aCloneRunWithAServiceLinksEachGuest() {
        String run = Guests.startRun(stack, admin, 9001, 2, "smc-{n}", ",\"service\":\"ci.pool-7\"");
        Guests.finished(admin, run);
        Map<String, String> ids = Guests.listed(stack, admin, List.of("smc-1", "smc-2"));
        JsonNode links = Await.until("both guests linked and reported", Duration.ofSeconds(30),
                () -> admin.get("/services/ci.pool-7/vms").json(),
                j -> j.path("items").size() == 2 && j.path("items").findValuesAsText("guest").stream()
                        .allMatch("present"::equals));
        Map<String, String> linked = new TreeMap<>();
        links.path("items").forEach(l -> linked.put(l.path("vmName").asText(), l.path("vmId").asText()));
        assertThat(linked).isEqualTo(new TreeMap<>(ids));
        assertThat(links.path("items").get(0).path("linkedBy").asText()).isEqualTo("clone-run " + run);
        assertThat(admin.get("/vms/" + ids.get("smc-1") + "/services").json().path("items").get(0)
                .path("serviceId").asText()).isEqualTo("ci.pool-7");
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        String a = "\"" + vmA + "\"";
        assertRefused("bad%20id", "{\"vmId\":" + a + "}", "serviceId");
        assertRefused("x".repeat(101), "{\"vmId\":" + a + "}", "serviceId");
        assertRefused("s1", "{\"vmId\":\"nope\"}", "vmId");
        assertRefused("s1", "{\"vmId\":5}", "vmId");
        assertRefused("s1", "{\"vmIds\":[]}", "vmIds");
        assertRefused("s1", "{\"vmIds\":[\"x\"]}", "vmIds[0]");
        assertRefused("s1", "{\"vmIds\":" + a + "}", "vmIds");
        assertRefused("s1", "{\"vmId\":" + a + ",\"vmIds\":[" + a + "]}", "vmIds");
        assertRefused("s1", "{}", "vmId");
        assertRefused("s1", "{\"vm\":" + a + "}", "vm");
        assertRefused("s1", "{\"vmId\":" + a + "}x", "body");

        Api.Reply unknown = link("s1", "{\"vmIds\":[" + a + ",\"" + UUID.randomUUID() + "\"]}");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(admin.get("/services/s1/vms").json().path("items")).as("nothing linked").isEmpty();

        assertThat(admin.send("DELETE", "/services/s1/vms/not-a-uuid", null, null).json().path("message").asText())
                .startsWith("vmId:");
        assertThat(admin.send("DELETE", "/services/s1/vms/" + vmA, null, null).status()).isEqualTo(404);
        assertThat(admin.get("/services/s1/vms?history=maybe").json().path("message").asText()).startsWith("history:");
        assertThat(admin.get("/vms/not-a-uuid/services").json().path("message").asText()).startsWith("id:");
        assertThat(admin.get("/vms/" + UUID.randomUUID() + "/services").status()).isEqualTo(404);

        Api.Reply badRun = admin.post("/clone-runs", "{\"agent\":\"" + stack.agentId() + "\",\"node\":\"pve1\","
                + "\"vmid\":9000,\"count\":1,\"namePattern\":\"smx-{n}\",\"service\":\"no spaces\"}");
        assertThat(badRun.status()).as(badRun.body()).isEqualTo(400);
        assertThat(badRun.json().path("message").asText()).startsWith("service:");
    }

    private static void assertRefused(String service, String body, String field) {
        Api.Reply r = link(service, body);
        assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).as(r.body()).contains(field);
    }

    private static Map<String, Integer> services() {
        Map<String, Integer> counts = new TreeMap<>();
        admin.get("/services").json().path("items").forEach(s -> counts.put(s.path("serviceId").asText(),
                s.path("vms").asInt()));
        return counts;
    }
}
