package io.corral.platform.error;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one error shape of the API. */
public record ErrorBody(String code, String message) {

    public static Response response(int status, String code, String message) {
        Response.ResponseBuilder builder = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(code, message));
        if (status == 401) {
            builder.header("WWW-Authenticate", "Bearer realm=\"corral\"");
        }
        return builder.build();
    }
}
