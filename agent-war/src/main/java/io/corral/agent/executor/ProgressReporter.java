package io.corral.agent.executor;

/** Where an executor's progress goes; never blocks the executor on the network. */
@FunctionalInterface
public interface ProgressReporter {

    ProgressReporter NONE = news -> {
    };

    void report(Progress news);
}
