package io.corral.platform.error;

import jakarta.ejb.ApplicationException;
import jakarta.ws.rs.core.Response.Status;

/**
 * An error the API reports to its caller as {@code {"code","message"}} with an HTTP status.
 * Subclasses group the codes of one family.
 */
@ApplicationException(rollback = true)
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public ApiException(Status status, String code, String message) {
        this(status.getStatusCode(), code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
