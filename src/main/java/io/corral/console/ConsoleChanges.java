package io.corral.console;

import io.corral.platform.Resources;
import io.corral.platform.db.Jdbc;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.faces.push.Push;
import jakarta.faces.push.PushContext;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells open console pages which parts of the database changed, on any control-plane instance: every
 * {@value #PERIOD_MS} ms one query reads a watermark per topic (the newest event id, the newest run) and
 * pushes {@code {"topics":[…]}} on the {@code changes} channel when some moved. Pages re-render what shows
 * that topic (see the console template); the watermarks come from the database, so changes made through
 * another instance show the same way.
 *
 * <p>An event id is taken at insert but becomes visible at commit, so a transaction holding id N can
 * commit after one holding N+1: the newest id alone would not move, and a page would miss the change
 * until the next event (a command page stayed "running" after its command succeeded). So an event
 * table's mark is its newest id plus how many rows the last {@value #LATE_WINDOW} ids hold: a late
 * commit below the newest id changes the count.
 */
@ApplicationScoped
public class ConsoleChanges {
    private static final Logger LOG = Logger.getLogger(ConsoleChanges.class.getName());
    static final long PERIOD_MS = 500;
    /** How far below the newest id a late commit is still seen without a newer event. */
    static final int LATE_WINDOW = 1000;
    private static final String MARKS = """
            select %1$s,
                   %2$s,
                   %3$s,
                   (select count(*) || '/' || count(*) filter (where finished_at is null) || '/'
                           || coalesce(max(coalesce(finished_at, started_at, created_at))::text, '') from clone_run),
                   (select coalesce(max(started_at)::text, '') from task_run)
                     || '/' || (select count(*) from task_run where status = 'running'),
                   (select count(*) || '/' || coalesce(max(created_at)::text, '') from agent),
                   %4$s || '/' || (select count(*) from credential where deleted_at is null)
            """.formatted(eventMark("command_event"), eventMark("fleet_event"), eventMark("auth_session_event"),
            eventMark("credential_access"));
    private static final String[] TOPICS = {"commands", "fleet", "sessions", "cloneRuns", "tasks", "agents",
        "credentials"};

    @Inject
    Jdbc jdbc;

    /** {@code newest id/rows among the last LATE_WINDOW ids} of an event table with a serial id. */
    static String eventMark(String table) {
        return ("(select m::text || '/' || (select count(*) from %1$s where id > m - %2$d)::text "
                + "from (select coalesce(max(id), 0) as m from %1$s) newest)").formatted(table, LATE_WINDOW);
    }

    @Inject
    @Push(channel = "changes")
    PushContext changes;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<String, String> marks = new LinkedHashMap<>();
    private ScheduledFuture<?> ticking;
    private boolean failing;

    void start(@Observes @Initialized(ApplicationScoped.class) Object init) {
        Resources.required(scheduler, "The default ManagedScheduledExecutorService");
        ticking = scheduler.scheduleWithFixedDelay(this::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }

    void tick() {
        try {
            List<String> now = jdbc.one(MARKS, rs -> {
                List<String> values = new ArrayList<>(TOPICS.length);
                for (int i = 1; i <= TOPICS.length; i++) {
                    values.add(rs.getString(i));
                }
                return values;
            }).orElseThrow();
            List<String> moved = new ArrayList<>();
            for (int i = 0; i < TOPICS.length; i++) {
                String before = marks.put(TOPICS[i], now.get(i));
                if (before != null && !before.equals(now.get(i))) {
                    moved.add(TOPICS[i]);
                }
            }
            if (!moved.isEmpty()) {
                changes.send(Map.of("topics", moved));
            }
            if (failing) {
                failing = false;
                LOG.info("Console change checks work again");
            }
        } catch (RuntimeException e) {
            // Once per outage, not every tick: while they fail, open pages show no changes.
            LOG.log(failing ? Level.FINE : Level.WARNING, "Console change check failed (open pages show no "
                    + "changes until one works; retried every " + PERIOD_MS + " ms): " + e, failing ? e : null);
            failing = true;
        }
    }
}
