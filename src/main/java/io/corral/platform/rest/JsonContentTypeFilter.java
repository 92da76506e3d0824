package io.corral.platform.rest;

import io.corral.platform.error.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Every request body of the API is JSON in UTF-8: a body sent as anything else (text/plain, a form, no
 * Content-Type, an unknown charset) gets 415 before a resource reads it. Resources that read their body
 * as a string or a stream would otherwise parse it whatever its declared type, and an unknown charset
 * would surface as a 500.
 */
@Provider
@PreMatching
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION - 50)
public class JsonContentTypeFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (!hasBody(request)) {
            return;
        }
        String declared = request.getHeaderString("Content-Type");
        if (!isJsonUtf8(declared)) {
            request.abortWith(ErrorBody.response(415, "UNSUPPORTED_MEDIA_TYPE", declared == null || declared.isBlank()
                    ? "The body has no Content-Type; send application/json (UTF-8)"
                    : "Content-Type must be application/json (UTF-8)"));
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        return request.getLength() > 0
                || (request.getLength() < 0 && request.getHeaderString("Transfer-Encoding") != null);
    }

    /** Parsed by hand: {@code MediaType.valueOf} needs the JAX-RS runtime. */
    static boolean isJsonUtf8(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (parts.length == 0 || !parts[0].strip().equalsIgnoreCase(MediaType.APPLICATION_JSON)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param.length == 2 && param[0].strip().equalsIgnoreCase(MediaType.CHARSET_PARAMETER)) {
                String charset = param[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }
}
