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
