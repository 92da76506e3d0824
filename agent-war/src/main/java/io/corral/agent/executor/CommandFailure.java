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
    public static final String PVE_UNREACHABLE = "PVE_UNREACHABLE";
    public static final String PVE_ERROR = "PVE_ERROR";
    public static final String GUEST_NOT_FOUND = "GUEST_NOT_FOUND";
    public static final String INTERNAL = "INTERNAL";
    public static final String CANCELLED = "CANCELLED";

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
