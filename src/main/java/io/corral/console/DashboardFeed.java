package io.corral.console;

import io.corral.platform.json.Jsons;
import io.corral.platform.Resources;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps {@link FleetDashboard} current from the database, so every instance sees every change whichever
 * instance wrote it: every {@value #TICK_MS} ms it reads the fleet events after the last one seen and reloads
 * the guests they name; every {@value #STATS_MS} ms it reloads agents, nodes and the counters. Event ids come
 * from a sequence and may commit out of order, so an id skipped over is looked for again for
 * {@value #HOLE_MS} ms before it is given up.
 */
@ApplicationScoped
public class DashboardFeed {
    private static final Logger LOG = Logger.getLogger(DashboardFeed.class.getName());
    static final long TICK_MS = 200;
    static final long STATS_MS = 1000;
    static final long HOLE_MS = 10_000;
    static final long QUIET_TICK_MS = 5000;
    static final int BATCH = 5000;

    @Inject
    FleetDashboard dashboard;

    @Inject
    DashboardQueries queries;


    @Resource
    ManagedScheduledExecutorService scheduler;

    private EventTail tail;
    private long lastStats;
    private ScheduledFuture<?> ticking;

    void start(@Observes @Initialized(ApplicationScoped.class) Object init) {
        Resources.required(scheduler, "The default ManagedScheduledExecutorService");
        ticking = scheduler.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }

    synchronized void tick() {
        try {
            if (tail == null) {
                tail = new EventTail(queries.lastEventId(), HOLE_MS);
                dashboard.rebuild();
                return;
            }
            long now = System.currentTimeMillis();
            List<DashboardQueries.Event> events = queries.eventsAfter(tail.lastId(), tail.holes(now), BATCH);
            Set<UUID> vmIds = new LinkedHashSet<>();
            boolean agentsChanged = false;
            long origin = 0;
            List<JsonObject> recent = new ArrayList<>(events.size());
            List<Long> ids = new ArrayList<>(events.size());
            for (DashboardQueries.Event e : events) {
                ids.add(e.id());
                if ("vm".equals(e.subjectType())) {
                    vmIds.add(e.subjectId());
                } else {
                    agentsChanged = true;
                }
                origin = origin == 0 ? e.atMillis() : Math.min(origin, e.atMillis());
                recent.add(Jsons.JSON.createObjectBuilder().add("id", e.id()).add("text", e.text()).add("at", e.atMillis())
                        .build());
            }
            tail.seen(ids, now);
            boolean statsDue = now - lastStats >= STATS_MS;
            if (statsDue) {
                lastStats = now;
            }
            Map<String, JsonObject> vmRows = vmIds.isEmpty() ? Map.of() : queries.vms(vmIds);
            dashboard.apply(vmIds, vmRows, recent, origin,
                    agentsChanged || statsDue ? queries.agents() : null,
                    statsDue ? queries.nodes() : null, statsDue ? queries.stats() : null);
            dashboard.tickIfQuiet(QUIET_TICK_MS);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Dashboard feed tick failed; the next one retries: " + e);
        }
    }
}
