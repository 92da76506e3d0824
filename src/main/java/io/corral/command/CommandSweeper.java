package io.corral.command;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every second: expire, requeue lapsed leases, fail stale commands. Non-persistent timer on
 * every instance; a transaction-scoped advisory lock lets one instance do each tick. The first
 * tick runs during deployment and its commit events reach the bus's beans, so those are created
 * first, on the deployment thread.
 */
@Singleton
@DependsOn("CommandBusStartup")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CommandSweeper {
    private static final Logger LOG = Logger.getLogger(CommandSweeper.class.getName());

    @Inject
    SweepRun run;

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false, info = "command-sweeper")
    void tick() {
        try {
            run.once();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Command sweep failed: " + e.getMessage(), e);
        }
    }
}
