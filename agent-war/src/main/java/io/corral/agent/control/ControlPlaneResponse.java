package io.corral.agent.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * An answer of the control plane. Errors carry {@code {"code","message"}}; {@code body} is null
 * when the answer was not a JSON object.
 */
public record ControlPlaneResponse(int status, JsonObject body) {

    public boolean isSuccess() {
        return status / 100 == 2;
    }

    /**
     * True for a refusal Corral itself gave about this request (404 unknown, 409 conflict) with
     * its {@code {"code","message"}} body. A bare 404/409 (a proxy, or the control plane still
     * deploying) is not a verdict and must be retried.
     */
    public boolean isVerdict(int expectedStatus) {
        return status == expectedStatus && errorCode() != null;
    }

    /** The error code (e.g. {@code UNAUTHORIZED}), or null. */
    public String errorCode() {
        return text("code");
    }

    /** The error message, or null. */
    public String errorMessage() {
        return text("message");
    }

    /** A string member of the body, or null. */
    public String text(String key) {
        return body != null && body.get(key) instanceof JsonString s ? s.getString() : null;
    }

    /** {@code HTTP 401 UNAUTHORIZED}: status and code, for logs. */
    public String summary() {
        String code = errorCode();
        return "HTTP " + status + (code == null ? "" : " " + code);
    }
}
