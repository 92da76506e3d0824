package io.corral.platform.error;

import jakarta.ws.rs.core.Response.Status;

/** Input that is well-formed JSON but not acceptable; the message names the field. */
public class ValidationProblem extends ApiException {
    public ValidationProblem(String field, String problem) {
        super(Status.BAD_REQUEST, "VALIDATION_FAILED", field + ": " + problem);
    }
}
