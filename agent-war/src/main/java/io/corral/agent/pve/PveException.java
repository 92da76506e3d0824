package io.corral.agent.pve;

/**
 * A Proxmox request that failed. {@link #status()} is the HTTP status, or 0 when no response
 * arrived (connection refused, timeout, TLS, configuration). The message is Proxmox's own error
 * text where it could be read (e.g. {@code CT is locked (disk)}), else {@code HTTP <status>}.
 */
public class PveException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean answered;

    public PveException(int status, String message) {
        this(status, message, status > 0);
    }

    public PveException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.answered = false;
    }

    private PveException(int status, String message, boolean answered) {
        super(message);
        this.status = status;
        this.answered = answered;
    }

    /** Proxmox answered with success, but not in the shape its API documents. */
    public static PveException unexpectedAnswer(String message) {
        return new PveException(0, message, true);
    }

    public int status() {
        return status;
    }

    public boolean isHttpError() {
        return status > 0;
    }

    /**
     * True when Proxmox answered (an HTTP error or a malformed answer); false when it could not
     * be asked at all (unreachable, TLS, timeout, configuration).
     */
    public boolean answered() {
        return answered;
    }

    /** A one-line reason for logs and the heartbeat, e.g. {@code HTTP 401: no ticket}. */
    public String shortReason() {
        String message = getMessage();
        if (!isHttpError() || message.startsWith("HTTP ")) {
            return message;
        }
        return "HTTP " + status + ": " + message;
    }
}
