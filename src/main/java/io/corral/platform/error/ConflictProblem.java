package io.corral.platform.error;

import jakarta.ws.rs.core.Response.Status;

/** The request is valid but clashes with the current state (duplicate name, wrong state). */
public class ConflictProblem extends ApiException {
    public ConflictProblem(String code, String message) {
        super(Status.CONFLICT, code, message);
    }
}
