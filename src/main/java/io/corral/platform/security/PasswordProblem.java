package io.corral.platform.security;

import io.corral.platform.error.ApiException;
import jakarta.ws.rs.core.Response.Status;

/**
 * A password the policy refuses ({@code 400}: {@code PASSWORD_TOO_SHORT}, {@code PASSWORD_TOO_LONG},
 * {@code PASSWORD_IS_USER_NAME}, {@code PASSWORD_TOO_COMMON}), or password checking busy ({@code 503 BUSY}).
 */
public class PasswordProblem extends ApiException {
    PasswordProblem(String code, String message) {
        super(Status.BAD_REQUEST, code, "password: " + message);
    }

    private PasswordProblem(Status status, String code, String message) {
        super(status, code, message);
    }

    static PasswordProblem busy() {
        return new PasswordProblem(Status.SERVICE_UNAVAILABLE, "BUSY",
                "Too many password checks at once; try again in a moment");
    }
}
