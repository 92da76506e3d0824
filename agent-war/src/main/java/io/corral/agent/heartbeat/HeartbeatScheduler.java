package io.corral.agent.heartbeat;

import io.corral.agent.platform.AgentConfig;
import io.corral.agent.platform.AgentVersion;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Starts the heartbeat when the agent is deployed (the first one at once, then with a fixed
 * delay, so a slow Proxmox never makes ticks pile up) and stops it on undeploy.
 */
@Startup
@Singleton
public class HeartbeatScheduler {

    private static final Logger LOG = Logger.getLogger(HeartbeatScheduler.class.getName());

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject
    HeartbeatTask task;

    @Inject
    AgentConfig config;

    private ScheduledFuture<?> schedule;

    @PostConstruct
    void start() {
        int seconds = config.heartbeatSeconds();
        schedule = executor.scheduleWithFixedDelay(task::run, 0, seconds, TimeUnit.SECONDS);
        LOG.info(() -> "Corral agent " + AgentVersion.current() + " started: heartbeat every "
                + seconds + " s to " + config.controlUrl() + ", Proxmox at " + config.pveUrl());
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(true);
        }
        LOG.info("Corral agent heartbeat stopped");
    }
}
