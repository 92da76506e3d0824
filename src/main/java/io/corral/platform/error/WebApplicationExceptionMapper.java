package io.corral.platform.error;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Renders the JAX-RS runtime's own errors (no route, wrong method, bad media type) as JSON. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String path = "/api/" + uriInfo.getPath();
        if (e instanceof NotFoundException) {
            return ErrorBody.response(status, "NOT_FOUND", "No resource at " + path);
        }
        if (e instanceof NotAllowedException) {
            Response r = ErrorBody.response(status, "METHOD_NOT_ALLOWED", "Method not allowed on " + path);
            return Response.fromResponse(r).allow(e.getResponse().getAllowedMethods()).build();
        }
        if (e instanceof NotSupportedException) {
            return ErrorBody.response(status, "UNSUPPORTED_MEDIA_TYPE", "Send application/json");
        }
        if (e instanceof NotAcceptableException) {
            return ErrorBody.response(status, "NOT_ACCEPTABLE", "This resource answers application/json");
        }
        if (status == 413) {
            return ErrorBody.response(status, "PAYLOAD_TOO_LARGE", e.getMessage());
        }
        if (status >= 500) {
            return UnexpectedExceptionMapper.internalError(e);
        }
        return ErrorBody.response(status, "BAD_REQUEST", "Bad request: " + e.getMessage());
    }
}
