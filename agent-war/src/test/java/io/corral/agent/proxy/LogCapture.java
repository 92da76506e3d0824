package io.corral.agent.proxy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the proxy's classes log (java.util.logging, as in the agent), for assertions. */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("io.corral.agent.proxy");
    private final Level previous;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogCapture() {
        previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Each record as {@code LEVEL message} (parameters filled in). */
    List<String> lines() {
        return records.stream().map(r -> r.getLevel() + " " + new java.util.logging.SimpleFormatter()
                .formatMessage(r)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previous);
    }
}
