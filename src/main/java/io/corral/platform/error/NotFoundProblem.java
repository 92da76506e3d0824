package io.corral.platform.error;

import jakarta.ws.rs.core.Response.Status;

/** An id or name that does not exist (or that the caller may not see). */
public class NotFoundProblem extends ApiException {
    public NotFoundProblem(String what, Object id) {
        super(Status.NOT_FOUND, "NOT_FOUND", what + " " + id + " not found");
    }
}
