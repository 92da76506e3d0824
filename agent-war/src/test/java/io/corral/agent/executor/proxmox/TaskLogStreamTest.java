package io.corral.agent.executor.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.executor.CancellationFlag;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.Progress;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveSettings;
import io.corral.pvesim.CloneKind;
import io.corral.pvesim.PveSimulator;
import io.corral.pvesim.Seed;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Streaming a running task's log as progress, against the simulator (a full clone writes its copy progress). */
class TaskLogStreamTest {

    private static PveSimulator sim;
    private static PveClient pve;

    @BeforeAll
    static void startSimulator() {
        sim = PveSimulator.builder().port(0).seed(Seed.defaultSeed()).apiToken("root@pam!corral", "secret")
                .cloneDuration(CloneKind.QEMU_FULL, Duration.ofMillis(2500)).start();
        pve = new PveClient(PveSettings.of(sim.baseUrl(), "root@pam!corral=secret"));
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    private static CommandContext context(List<Progress> reports) {
        return new CommandContext("c-1", JsonValue.EMPTY_JSON_OBJECT, reports::add, new CancellationFlag());
    }

    private static String fullClone(int newid) throws io.corral.agent.pve.PveException {
        return pve.postForTask("/nodes/pve1/qemu/100/clone", Map.of("newid", String.valueOf(newid), "full", "1"));
    }

    private static List<String> lines(List<Progress> reports) {
        List<String> all = new ArrayList<>();
        reports.forEach(p -> all.addAll(p.log()));
        return all;
    }

    @Test
    void aRunningTaskLogArrivesInPiecesWhileItRunsAndWhollyInOrderByItsEnd() throws Exception {
        List<Progress> reports = new CopyOnWriteArrayList<>();
        List<Integer> linesSeenWhileRunning = new ArrayList<>();
        CommandContext context = context(reports);
        PveTasks tasks = new PveTasks(pve, ProxmoxSettings.defaults());

        TaskOutcome outcome = tasks.run(context, new GuestRef("pve1", 100, "qemu"), "clone", () -> fullClone(400));
        reports.stream().filter(p -> !p.log().isEmpty()).forEach(p -> linesSeenWhileRunning.add(p.log().size()));

        assertThat(outcome.kind()).isEqualTo(TaskOutcome.Kind.OK);
        List<String> fullLog = sim.state().task(outcome.upid()).orElseThrow().log();
        assertThat(lines(reports)).as("every line once, in order").isEqualTo(fullLog);
        assertThat(fullLog).anyMatch(l -> l.startsWith("transferred ") && l.contains("%)"))
                .last().isEqualTo("TASK OK");
        assertThat(linesSeenWhileRunning).as("log reports over a 2.5 s task read about once a second")
                .hasSizeBetween(2, 5);
        assertThat(reports.stream().filter(p -> !p.log().isEmpty()))
                .allSatisfy(p -> assertThat(p.upid()).isEqualTo(outcome.upid()));
        Await.ended(pve, pve.deleteForTask("/nodes/pve1/qemu/400"));
    }

    @Test
    void readsAtMostOncePerIntervalHoweverOftenPolled() throws Exception {
        List<Progress> reports = new CopyOnWriteArrayList<>();
        CommandContext context = context(reports);
        String upid = fullClone(402);
        AtomicLong clock = new AtomicLong(0);
        TaskLogStream stream = new TaskLogStream(pve, context, "pve1", upid, "clone", Duration.ofSeconds(1), 200,
                clock::get);
        Await.ended(pve, upid);

        stream.poll();
        stream.poll();
        clock.addAndGet(Duration.ofMillis(999).toNanos());
        stream.poll();
        assertThat(reports).as("one read within the first second").hasSize(1);
        int first = reports.get(0).log().size();
        assertThat(first).isPositive();
        clock.addAndGet(Duration.ofMillis(1).toNanos());
        stream.poll();
        assertThat(lines(reports)).as("the next read asks from where the last stopped: nothing new")
                .hasSize(first);
        Await.ended(pve, pve.deleteForTask("/nodes/pve1/qemu/402"));
    }

    @Test
    void aChattyCommandStreamsAtMostItsBudgetThenOneNote() throws Exception {
        List<Progress> reports = new CopyOnWriteArrayList<>();
        CommandContext context = context(reports);
        String upid = fullClone(401);
        Await.ended(pve, upid);
        String other = pve.deleteForTask("/nodes/pve1/qemu/401");
        Await.ended(pve, other);

        new TaskLogStream(pve, context, "pve1", upid, "clone", Duration.ofSeconds(1), 5, System::nanoTime).drain();
        new TaskLogStream(pve, context, "pve1", other, "destroy", Duration.ofSeconds(1), 5, System::nanoTime).drain();

        List<String> sent = lines(reports);
        assertThat(sent).as(sim.state().task(upid).orElseThrow().log().toString()).hasSize(6);
        assertThat(sent.subList(0, 5)).isEqualTo(sim.state().task(upid).orElseThrow().log().subList(0, 5));
        assertThat(sent.get(5)).as(sent + " / " + sim.state().task(upid).orElseThrow().log()).contains("at most 5 lines").contains(upid);
        assertThat(reports).as("nothing from the second task: the command's budget is spent").hasSize(1);
    }

    /** Waits for a task to stop (the simulator's tasks are short). */
    private static final class Await {
        static void ended(PveClient pve, String upid) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (pve.taskStatus("pve1", upid).isRunning()) {
                assertThat(System.nanoTime()).as("task " + upid + " ended in time").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }
}
