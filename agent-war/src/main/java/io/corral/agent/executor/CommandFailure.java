package io.corral.agent.executor;

import io.corral.agent.pve.PveException;

/**
 * A command that failed with a typed error code, reported as
 * {@code {"status":"failed","error":{"code","message"}}}. Messages name the field or the
 * Proxmox error; they never carry secrets or stack traces.
 */
public class CommandFailure extends Exception {

    public static final String UNSUPPORTED_TYPE = "UNSUPPORTED_TYPE";
    public static final String INVALID_PAYLOAD = "INVALID_PAYLOAD";
    /** A {@code proxmox.config.set} key outside the allow-list. */
    public static final String KEY_NOT_ALLOWED = "KEY_NOT_ALLOWED";
    public static final String PVE_UNREACHABLE = "PVE_UNREACHABLE";
    public static final String PVE_ERROR = "PVE_ERROR";
    public static final String GUEST_NOT_FOUND = "GUEST_NOT_FOUND";
    public static final String INTERNAL = "INTERNAL";
    public static final String CANCELLED = "CANCELLED";
    /** A Proxmox lock was still in the way after the retries ({@code VM is locked}, {@code can't lock file}). */
    public static final String PVE_LOCKED = "PVE_LOCKED";
    /** A Proxmox task ended with an error exit status; the message carries it and the log tail. */
    public static final String PVE_TASK_FAILED = "PVE_TASK_FAILED";
    /** A {@code proxmox.wait-*} condition was not met in time (nothing was stopped). */
    public static final String WAIT_TIMEOUT = "WAIT_TIMEOUT";
    /** The clone gate's queue is full: try again later. */
    public static final String CLONE_QUEUE_FULL = "CLONE_QUEUE_FULL";
    /** No clone slot came free within the command's wait. */
    public static final String CLONE_SLOT_TIMEOUT = "CLONE_SLOT_TIMEOUT";
    /** The new VMID of a clone is taken already. */
    public static final String VMID_IN_USE = "VMID_IN_USE";
    /** Destroying a template without {@code allowTemplate}. */
    public static final String TEMPLATE_PROTECTED = "TEMPLATE_PROTECTED";
    /** The operation does not apply to this guest (e.g. hibernating a container). */
    public static final String UNSUPPORTED_OPERATION = "UNSUPPORTED_OPERATION";
    /** The agent was stopped (undeployed) while the command ran. */
    public static final String AGENT_STOPPED = "AGENT_STOPPED";

    private static final long serialVersionUID = 1L;

    private final String code;

    public CommandFailure(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean isCancellation() {
        return CANCELLED.equals(code);
    }

    /** {@code INVALID_PAYLOAD} naming the field, e.g. {@code payload.vmid: must be an integer}. */
    public static CommandFailure invalidPayload(String field, String problem) {
        return new CommandFailure(INVALID_PAYLOAD, "payload." + field + ": " + problem);
    }

    /** Proxmox could not be asked ({@code PVE_UNREACHABLE}) or answered with an error ({@code PVE_ERROR}). */
    public static CommandFailure of(PveException e) {
        return e.answered()
                ? new CommandFailure(PVE_ERROR, "Proxmox: " + e.shortReason())
                : new CommandFailure(PVE_UNREACHABLE, "Proxmox not reachable: " + e.shortReason());
    }

    public static CommandFailure cancelled(String reason) {
        return new CommandFailure(CANCELLED, reason == null ? "cancelled" : reason);
    }
}
