package io.corral.agent.command;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/** Starts the command bus when the agent is deployed and stops it cleanly on undeploy. */
@Startup
@Singleton
public class CommandBusLifecycle {

    @Inject
    CommandBus bus;

    @PostConstruct
    void start() {
        bus.start();
    }

    @PreDestroy
    void stop() {
        bus.stop();
    }
}
