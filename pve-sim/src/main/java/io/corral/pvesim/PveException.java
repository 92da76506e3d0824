package io.corral.pvesim;

import java.util.Map;

/**
 * An error answered the way pveproxy answers it: the status, the message as reason phrase
 * and, for parameter errors, an {@code errors} map in the body.
 */
public class PveException extends RuntimeException {

    private final int status;
    private final Map<String, String> errors;

    public PveException(int status, String message) {
        this(status, message, Map.of());
    }

    public PveException(int status, String message, Map<String, String> errors) {
        super(message);
        this.status = status;
        this.errors = Map.copyOf(errors);
    }

    /** {@code 500 <message>}: what PVE answers for most failures of an API call. */
    public static PveException internal(String message) {
        return new PveException(500, message);
    }

    /** {@code 400 Parameter verification failed.} naming each offending parameter. */
    public static PveException parameters(Map<String, String> errors) {
        return new PveException(400, "Parameter verification failed.", errors);
    }

    public static PveException parameter(String name, String message) {
        return parameters(Map.of(name, message));
    }

    public static PveException unauthorized(String message) {
        return new PveException(401, message);
    }

    public int status() {
        return status;
    }

    public Map<String, String> errors() {
        return errors;
    }
}
