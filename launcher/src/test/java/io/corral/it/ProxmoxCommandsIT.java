package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import io.corral.pvesim.Guest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proxmox work through the whole chain: control plane → agent → simulated Proxmox → back,
 * including the seed's stress batch of 20 clones of one template.
 */
@ExtendWith(SharedStack.class)
@Order(8)
class ProxmoxCommandsIT {
    private static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled", "expired");
    private static Stack stack;
    private static Api admin;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
        Await.until("agent advertises proxmox.clone", Duration.ofSeconds(60),
                () -> admin.get("/agents/" + stack.agentId()).json(),
                a -> "online".equals(a.path("status").asText()) && a.path("capabilities").toString().contains("proxmox.clone"));
    }

    @AfterEach
    void clearFaults() {
        stack.simulator().faults().clear();
    }

    private static String enqueue(String type, String payload) {
        Api.Reply r = admin.post("/commands", "{\"agent\":\"" + stack.agentId() + "\",\"type\":\"" + type
                + "\",\"payload\":" + payload + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private static JsonNode done(String id) {
        return Await.until("command " + id, Duration.ofSeconds(90), () -> admin.get("/commands/" + id + "?wait=20").json(),
                c -> FINAL.contains(c.path("status").asText()));
    }

    private static JsonNode run(String type, String payload) {
        return done(enqueue(type, payload));
    }

    @Test
    void twentyClonesOfOneTemplateAtOnceMakeTwentyGuestsWithoutLockErrors() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(enqueue("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":" + (600 + i)
                    + ",\"name\":\"stress-" + i + "\"}"));
        }
        Set<Integer> made = new TreeSet<>();
        for (String id : ids) {
            JsonNode c = done(id);
            assertThat(c.path("status").asText()).as(c.toString()).isEqualTo("succeeded");
            assertThat(c.path("result").path("exitstatus").asText()).isEqualTo("OK");
            made.add(c.path("result").path("newid").asInt());
        }
        Set<Integer> expected = new TreeSet<>();
        for (int i = 0; i < 20; i++) {
            expected.add(600 + i);
        }
        assertThat(made).isEqualTo(expected);
        Set<Integer> inProxmox = new TreeSet<>();
        for (Guest g : stack.simulator().state().guests()) {
            if (g.vmid() >= 600 && g.vmid() < 620) {
                inProxmox.add(g.vmid());
            }
        }
        assertThat(inProxmox).as("each VMID as reserved").isEqualTo(expected);
        long lockFailures = stack.simulator().state().tasks().stream()
                .filter(t -> String.valueOf(t.exitStatus()).contains("lock")).count();
        assertThat(lockFailures).as("tasks that failed on a lock").isZero();
    }

    @Test
    void aGuestsLifeCycleRoundTripsThroughTheAgent() {
        JsonNode clone = run("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":700,\"name\":\"life\"}");
        assertThat(clone.path("status").asText()).as(clone.toString()).isEqualTo("succeeded");
        assertThat(run("proxmox.start", "{\"node\":\"pve1\",\"vmid\":700}").path("result").path("status").asText())
                .isEqualTo("running");
        JsonNode hibernated = run("proxmox.hibernate", "{\"node\":\"pve1\",\"vmid\":700}");
        assertThat(hibernated.path("status").asText()).as(hibernated.toString()).isEqualTo("succeeded");
        assertThat(run("proxmox.status", "{\"node\":\"pve1\",\"vmid\":700}").path("result").path("lock").asText())
                .isEqualTo("suspended");
        assertThat(run("proxmox.resume", "{\"node\":\"pve1\",\"vmid\":700}").path("status").asText()).isEqualTo("succeeded");
        JsonNode config = run("proxmox.config.set", "{\"node\":\"pve1\",\"vmid\":700,\"config\":{\"memory\":4096}}");
        assertThat(config.path("status").asText()).as(config.toString()).isEqualTo("succeeded");
        assertThat(run("proxmox.config.get", "{\"node\":\"pve1\",\"vmid\":700}").path("result").path("config")
                .path("memory").asText()).isEqualTo("4096");
        assertThat(run("proxmox.stop", "{\"node\":\"pve1\",\"vmid\":700}").path("status").asText()).isEqualTo("succeeded");
        assertThat(run("proxmox.destroy", "{\"node\":\"pve1\",\"vmid\":700}").path("status").asText()).isEqualTo("succeeded");
        JsonNode gone = run("proxmox.wait-vm-presence", "{\"node\":\"pve1\",\"vmid\":700,\"present\":false,\"timeoutSeconds\":10}");
        assertThat(gone.path("status").asText()).as(gone.toString()).isEqualTo("succeeded");
        assertThat(stack.simulator().state().isVmidUsed(700)).isFalse();
    }

    @Test
    void taskOutcomesAreTyped() {
        stack.simulator().faults().failNext("qmstart", 1, "start failed: no bootable disk");
        JsonNode failed = run("proxmox.start", "{\"node\":\"pve1\",\"vmid\":102}");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").path("code").asText()).isEqualTo("PVE_TASK_FAILED");
        assertThat(failed.path("error").path("message").asText()).contains("no bootable disk");

        stack.simulator().faults().warnNext("qmstop", 1);
        JsonNode warned = run("proxmox.stop", "{\"node\":\"pve1\",\"vmid\":101}");
        assertThat(warned.path("status").asText()).as(warned.toString()).isEqualTo("succeeded");
        assertThat(warned.path("result").path("warnings").asInt()).isEqualTo(1);

        JsonNode template = run("proxmox.destroy", "{\"node\":\"pve1\",\"vmid\":9001}");
        assertThat(template.path("error").path("code").asText()).isEqualTo("TEMPLATE_PROTECTED");
        JsonNode taken = run("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":100}");
        assertThat(taken.path("status").asText()).isEqualTo("failed");
        assertThat(taken.path("error").path("code").asText()).isIn("VMID_IN_USE", "PVE_ERROR");
    }

    @Test
    void cancelDuringARunningCloneStopsTheTaskAndLeavesNoHalfMadeGuest() {
        stack.simulator().faults().stretchNext("qmclone", 1, Duration.ofSeconds(30));
        String id = enqueue("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":710,\"name\":\"cut-short\"}");
        JsonNode running = Await.until("clone running with its UPID", Duration.ofSeconds(30),
                () -> admin.get("/commands/" + id).json(),
                c -> "running".equals(c.path("status").asText()) && c.path("upid").asText().startsWith("UPID:"));
        assertThat(stack.simulator().state().isVmidUsed(710)).as("the half-made guest exists").isTrue();
        Api.Reply cancel = admin.post("/commands/" + id + "/cancel", "");
        assertThat(cancel.status()).isEqualTo(202);
        JsonNode done = done(id);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("cancelled");
        String upid = running.path("upid").asText();
        String exit = stack.simulator().state().task(upid).orElseThrow().exitStatus();
        assertThat(exit).isEqualTo("interrupted by signal");
        assertThat(stack.simulator().state().isVmidUsed(710)).as("no half-made guest left").isFalse();
    }

    @Test
    void shutdownMetricsAndWaitsRoundTrip() {
        JsonNode shutdown = run("proxmox.shutdown", "{\"node\":\"pve2\",\"vmid\":103}");
        assertThat(shutdown.path("status").asText()).as(shutdown.toString()).isEqualTo("succeeded");
        assertThat(shutdown.path("result").path("status").asText()).isEqualTo("stopped");
        JsonNode stopped = run("proxmox.wait-vm-status",
                "{\"node\":\"pve2\",\"vmid\":103,\"status\":\"stopped\",\"timeoutSeconds\":10}");
        assertThat(stopped.path("status").asText()).as(stopped.toString()).isEqualTo("succeeded");
        JsonNode started = run("proxmox.start", "{\"node\":\"pve2\",\"vmid\":103}");
        String upid = started.path("result").path("upid").asText();
        assertThat(upid).startsWith("UPID:pve2:");
        JsonNode waited = run("proxmox.wait-task", "{\"node\":\"pve2\",\"upid\":\"" + upid + "\",\"timeoutSeconds\":10}");
        assertThat(waited.path("status").asText()).as(waited.toString()).isEqualTo("succeeded");
        assertThat(waited.path("result").path("exitstatus").asText()).isEqualTo("OK");
        JsonNode metrics = run("proxmox.metrics", "{}");
        assertThat(metrics.path("status").asText()).as(metrics.toString()).isEqualTo("succeeded");
        assertThat(metrics.path("result").path("guests").size()).isGreaterThanOrEqualTo(7);
        JsonNode timeout = run("proxmox.wait-vm-status",
                "{\"node\":\"pve2\",\"vmid\":103,\"status\":\"stopped\",\"timeoutSeconds\":1}");
        assertThat(timeout.path("error").path("code").asText()).isEqualTo("WAIT_TIMEOUT");
    }

    @Test
    void actingOnAGuestThatStaysLockedEndsPveLockedAfterRetries() {
        stack.simulator().faults().stretchNext("qmclone", 1, Duration.ofSeconds(40));
        String clone = enqueue("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":720,\"name\":\"locked\"}");
        Await.until("clone running", Duration.ofSeconds(30), () -> admin.get("/commands/" + clone).json(),
                c -> "running".equals(c.path("status").asText()) && c.path("upid").asText().startsWith("UPID:"));
        // The caller's own lock key replaces the automatic vm:… key, so this start reaches Proxmox
        // while the clone holds the guest's lock there.
        Api.Reply r = admin.post("/commands", "{\"agent\":\"" + stack.agentId() + "\",\"type\":\"proxmox.start\","
                + "\"payload\":{\"node\":\"pve1\",\"vmid\":720},\"lockKey\":\"outside-corral\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode start = done(r.json().path("id").asText());
        assertThat(start.path("status").asText()).as(start.toString()).isEqualTo("failed");
        assertThat(start.path("error").path("code").asText()).isEqualTo("PVE_LOCKED");
        assertThat(start.path("error").path("message").asText()).contains("locked");
        assertThat(admin.post("/commands/" + clone + "/cancel", "").status()).isEqualTo(202);
        assertThat(done(clone).path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void aCommandOnAGuestBeingClonedWaitsInTheQueueForTheClone() {
        stack.simulator().faults().stretchNext("qmclone", 1, Duration.ofSeconds(3));
        String clone = enqueue("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9001,\"newid\":721,\"name\":\"waited\"}");
        Await.until("clone running", Duration.ofSeconds(30), () -> admin.get("/commands/" + clone).json(),
                c -> "running".equals(c.path("status").asText()));
        String start = enqueue("proxmox.start", "{\"node\":\"pve1\",\"vmid\":721}");
        JsonNode queued = admin.get("/commands/" + start).json();
        assertThat(queued.path("lockKeys").toString()).contains("vm:" + stack.agentId() + "/pve1/721");
        assertThat(queued.path("status").asText()).as("while the clone holds vm:…/721").isEqualTo("queued");

        JsonNode cloned = done(clone);
        JsonNode started = done(start);
        assertThat(cloned.path("status").asText()).as(cloned.toString()).isEqualTo("succeeded");
        assertThat(cloned.path("lockKeys").toString()).contains("template:" + stack.agentId() + "/pve1/9001");
        assertThat(started.path("status").asText()).as(started.toString()).isEqualTo("succeeded");
        assertThat(java.time.OffsetDateTime.parse(started.path("leasedAt").asText()))
                .as("the start was handed out only after the clone ended")
                .isAfterOrEqualTo(java.time.OffsetDateTime.parse(cloned.path("finishedAt").asText()));
        admin.post("/commands", "{\"agent\":\"" + stack.agentId() + "\",\"type\":\"proxmox.stop\","
                + "\"payload\":{\"node\":\"pve1\",\"vmid\":721}}");
    }
}
