package io.corral.pvesim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Faults the simulator injects on request, for tests of slow or failing Proxmox hosts: latency on
 * every API answer, tasks that fail or end with warnings, 5xx answers and dropped connections.
 * Set through {@link PveSimulator#faults()} or {@code POST /_sim/faults}.
 */
public final class Faults {

    /** {@link #takeRequestFault()}: close the connection without answering. */
    static final int DROP = -1;

    private volatile long latencyMillis;
    private final Map<String, Deque<String>> taskFailures = new HashMap<>();
    private final Map<String, Integer> taskWarnings = new HashMap<>();
    private final java.util.Map<String, Deque<Duration>> taskStretches = new java.util.HashMap<>();
    private final Deque<Integer> httpErrors = new ArrayDeque<>();
    private int drops;

    /** Every API answer is delayed by this much (zero to stop). */
    public Faults latency(Duration latency) {
        this.latencyMillis = Math.max(0, latency.toMillis());
        return this;
    }

    public Duration latency() {
        return Duration.ofMillis(latencyMillis);
    }

    /** The next {@code n} tasks of {@code taskType} ({@code qmclone}, {@code vzstart}, …) end with this error. */
    public synchronized Faults failNext(String taskType, int n, String message) {
        Deque<String> queue = taskFailures.computeIfAbsent(taskType, t -> new ArrayDeque<>());
        for (int i = 0; i < n; i++) {
            queue.add(message);
        }
        return this;
    }

    /** The next {@code n} tasks of {@code taskType} succeed with {@code WARNINGS: 1}. */
    public synchronized Faults warnNext(String taskType, int n) {
        taskWarnings.merge(taskType, n, Integer::sum);
        return this;
    }

    /** The next {@code n} tasks of {@code taskType} run for {@code duration} instead of their usual time. */
    public synchronized Faults stretchNext(String taskType, int n, Duration duration) {
        Deque<Duration> queue = taskStretches.computeIfAbsent(taskType, t -> new ArrayDeque<>());
        for (int i = 0; i < n; i++) {
            queue.add(duration);
        }
        return this;
    }

    /** The duration a new task of this type must run for, if a stretch is armed for it. */
    synchronized java.util.Optional<Duration> takeStretch(String taskType) {
        Deque<Duration> queue = taskStretches.get(taskType);
        return java.util.Optional.ofNullable(queue == null ? null : queue.poll());
    }

    /** The next {@code n} API requests are answered with {@code status} (e.g. 503) and nothing else. */
    public synchronized Faults http5xx(int n, int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        for (int i = 0; i < n; i++) {
            httpErrors.add(status);
        }
        return this;
    }

    /** The next {@code n} API requests get their connection closed without an answer. */
    public synchronized Faults dropConnections(int n) {
        drops += n;
        return this;
    }

    public synchronized void clear() {
        taskStretches.clear();
        latencyMillis = 0;
        taskFailures.clear();
        taskWarnings.clear();
        httpErrors.clear();
        drops = 0;
    }

    /** What is armed, for {@code GET /_sim/faults}. */
    public synchronized Map<String, Object> describe() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("latencyMs", latencyMillis);
        Map<String, Object> failures = new TreeMap<>();
        taskFailures.forEach((type, queue) -> failures.put(type, queue.size()));
        view.put("failNext", failures);
        view.put("warnNext", new TreeMap<>(taskWarnings));
        view.put("http5xx", httpErrors.size());
        view.put("drop", drops);
        return view;
    }

    /** The end a new task of this type is to have: OK, {@code WARNINGS: 1} or an injected error. */
    synchronized String takeTaskOutcome(String taskType) {
        Deque<String> failures = taskFailures.get(taskType);
        if (failures != null && !failures.isEmpty()) {
            return failures.poll();
        }
        Integer warnings = taskWarnings.get(taskType);
        if (warnings != null && warnings > 0) {
            taskWarnings.put(taskType, warnings - 1);
            return "WARNINGS: 1";
        }
        return Task.OK;
    }

    /** {@link #DROP}, an HTTP status to answer with, or 0 to answer normally. Drops come first. */
    synchronized int takeRequestFault() {
        if (drops > 0) {
            drops--;
            return DROP;
        }
        Integer status = httpErrors.poll();
        return status == null ? 0 : status;
    }

    /** Called on a worker thread before answering: the delay is the fault being simulated. */
    void beforeAnswer() throws InterruptedException {
        long delay = latencyMillis;
        if (delay > 0) {
            Thread.sleep(delay);
        }
    }
}
