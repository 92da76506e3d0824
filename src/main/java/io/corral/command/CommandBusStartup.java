package io.corral.command;

import io.corral.fleet.AgentDirectory;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/**
 * Creates the command bus's application-scoped beans at deployment, on the deployment thread.
 * Created lazily, the first one to be touched from a pool or listener thread (a NOTIFY, a claim)
 * would get its {@code @Resource} fields injected as null and fail every request for the life
 * of the process; created here, a missing resource fails the deployment instead.
 */
@Singleton
@Startup
@DependsOn("MigrationRunner")
public class CommandBusStartup {
    private static final Logger LOG = Logger.getLogger(CommandBusStartup.class.getName());

    @Inject
    CommandQueries queries;

    @Inject
    CommandSweeps sweeps;

    @Inject
    CommandWaits waits;

    @Inject
    DeliveryHub hub;

    @Inject
    AgentDirectory agents;

    @PostConstruct
    void create() {
        queries.ready();
        sweeps.ready();
        agents.ready();
        LOG.info(() -> "Command bus ready: " + hub.held() + " polls held, " + waits.waitedOn() + " waits");
    }
}
