package io.corral.agent.control;

/** The control plane could not be asked at all: not configured, unreachable, timed out. */
public class ControlPlaneException extends Exception {

    private static final long serialVersionUID = 1L;

    public ControlPlaneException(String message) {
        super(message);
    }

    public ControlPlaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
