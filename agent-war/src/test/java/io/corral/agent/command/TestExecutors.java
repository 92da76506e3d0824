package io.corral.agent.command;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.ExecutorRegistry;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Executors for the bus tests: echo the payload, block until cancelled, blow up. */
final class TestExecutors {

    final AtomicInteger executions = new AtomicInteger();

    ExecutorRegistry registry() {
        return new ExecutorRegistry(List.of(
                executor("test.echo", context -> context.payload()),
                executor("test.block", context -> {
                    context.progress("waiting for the cancel");
                    try {
                        context.awaitCancellation(Duration.ofSeconds(20));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    context.checkCancelled();
                    throw new CommandFailure("TEST", "never cancelled");
                }),
                executor("test.boom", context -> {
                    throw new IllegalStateException("boom");
                })));
    }

    interface Body {
        JsonObject run(CommandContext context) throws CommandFailure;
    }

    private CommandExecutor executor(String type, Body body) {
        return new CommandExecutor() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public JsonObject execute(CommandContext context) throws CommandFailure {
                executions.incrementAndGet();
                return body.run(context);
            }
        };
    }
}
