package io.corral.platform.error;

import jakarta.ws.rs.core.Response.Status;

/** Missing or bad credentials (401) or a caller without the needed role (403). */
public class AccessProblem extends ApiException {
    private AccessProblem(Status status, String code, String message) {
        super(status, code, message);
    }

    public static AccessProblem unauthorized(String message) {
        return new AccessProblem(Status.UNAUTHORIZED, "UNAUTHORIZED", message);
    }

    public static AccessProblem forbidden(String message) {
        return new AccessProblem(Status.FORBIDDEN, "FORBIDDEN", message);
    }
}
