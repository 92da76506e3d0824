package io.corral.pvesim;

/**
 * Run state of a guest. PVE reports a paused VM as {@code status: running} with
 * {@code qmpstatus: paused} (the QEMU process still runs), so {@link #status()} has only two values.
 */
public enum RunState {
    RUNNING("running", "running"),
    STOPPED("stopped", "stopped"),
    PAUSED("running", "paused");

    private final String status;
    private final String qmpStatus;

    RunState(String status, String qmpStatus) {
        this.status = status;
        this.qmpStatus = qmpStatus;
    }

    public static RunState fromSeed(String name) {
        return switch (name == null ? "stopped" : name) {
            case "running" -> RUNNING;
            case "stopped" -> STOPPED;
            case "paused" -> PAUSED;
            default -> throw new IllegalArgumentException(
                    "unknown guest status '" + name + "' (expected running, stopped or paused)");
        };
    }

    public String status() {
        return status;
    }

    public String qmpStatus() {
        return qmpStatus;
    }

    public boolean isRunning() {
        return this != STOPPED;
    }
}
