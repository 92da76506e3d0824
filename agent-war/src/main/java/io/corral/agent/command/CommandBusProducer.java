package io.corral.agent.command;

import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.executor.ExecutorRegistry;
import io.corral.agent.executor.proxmox.ProxmoxExecutors;
import io.corral.agent.platform.AgentConfig;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Makes the one {@link CommandBus} of this agent injectable (created stopped; see {@link CommandBusLifecycle}). */
@ApplicationScoped
public class CommandBusProducer {

    @Inject
    AgentConfig config;

    @Inject
    ControlPlaneClient controlPlane;

    @Inject
    ExecutorRegistry executors;

    @Resource
    ManagedThreadFactory threadFactory;

    @Produces
    @Singleton
    CommandBus commandBus() {
        CommandBusSettings settings = new CommandBusSettings(config.workers(), config.workerCapacity(),
                config.pollWaitSeconds(), config.typeConcurrency(),
                ProxmoxExecutors.typeLimits(config.typeConcurrencyOverrides()),
                config.dataDir(), config.progressInterval(), Duration.ofSeconds(1), Duration.ofSeconds(30));
        return new CommandBus(settings, controlPlane, executors, threadFactory);
    }
}
