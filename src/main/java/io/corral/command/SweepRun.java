package io.corral.command;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/** One sweep in one transaction, skipped when another instance holds the sweep lock. */
@ApplicationScoped
@Transactional
public class SweepRun {
    private static final Logger LOG = Logger.getLogger(SweepRun.class.getName());
    @Inject
    CommandSweeps sweeps;

    @Inject
    CommandSignals signals;

    public void once() {
        if (!sweeps.tryLock()) {
            return;
        }
        List<Transition> all = new ArrayList<>(sweeps.expire());
        all.addAll(sweeps.lapseLeases());
        all.addAll(sweeps.failStale());
        if (!all.isEmpty()) {
            signals.publish(all);
            all.stream().filter(t -> t.to().isFinal()).forEach(t -> LOG.info(() -> "Command " + t.commandId()
                    + " " + t.from().value() + " -> " + t.to().value() + " (" + t.detail() + ")"));
        }
    }
}
