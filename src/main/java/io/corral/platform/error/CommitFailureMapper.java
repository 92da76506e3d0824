package io.corral.platform.error;

import jakarta.annotation.Priority;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A {@code @Transactional} resource method whose transaction failed, typically at commit after the
 * method returned its answer: mapped like any other error, by what caused it (a problem raised at
 * commit keeps its code and status, a unique violation is a 409, anything else a 500 with an
 * incident id). Without it Jersey's own mapper for this exception rethrows, and the client got the
 * container's error page.
 */
@Provider
@Priority(1)
public class CommitFailureMapper implements ExceptionMapper<TransactionalException> {

    @Override
    public Response toResponse(TransactionalException e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return ErrorBody.response(api.status(), api.code(), api.getMessage());
            }
        }
        return new UnexpectedExceptionMapper().toResponse(e);
    }
}
