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

    /**
     * False only when the request certainly never reached the control plane (no connection,
     * not configured); true when it may have been received but its answer was lost.
     */
    public boolean requestMayHaveArrived() {
        for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException
                    || cause instanceof java.net.http.HttpConnectTimeoutException
                    || cause instanceof java.net.UnknownHostException) {
                return false;
            }
        }
        return getCause() != null && !(getCause() instanceof InterruptedException);
    }
}
