package io.corral.platform.error;

import jakarta.ejb.EJBException;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Last line: unreadable JSON becomes 400, a unique constraint that decided a race between two
 * identical creates 409, anything else 500 with an incident id that is logged with the stack
 * trace. Responses never carry stack traces or SQL.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Pattern UNKNOWN_FIELD = Pattern.compile("Json property (\\S+) can not be mapped");
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        Throwable cause = unwrap(e);
        if (cause instanceof ApiException api) {
            return ErrorBody.response(api.status(), api.code(), api.getMessage());
        }
        if (cause instanceof WebApplicationException wae) {
            return new WebApplicationExceptionMapper().toResponse(wae);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WebApplicationException tooLarge && tooLarge.getResponse().getStatus() == 413) {
                return ErrorBody.response(413, "PAYLOAD_TOO_LARGE", tooLarge.getMessage());
            }
        }
        if (uniqueViolation(e)) {
            LOG.info(() -> "Concurrent create refused by a unique constraint: " + firstLine(deepest(e).getMessage()));
            return ErrorBody.response(409, "CONFLICT",
                    "Another request created the same object at the same time; it exists now");
        }
        String unreadable = unreadableJson(e);
        if (unreadable != null) {
            return ErrorBody.response(400, "BAD_JSON", unreadable);
        }
        return internalError(e);
    }

    static Response internalError(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error, incident " + incident, e);
        return ErrorBody.response(500, "INTERNAL_ERROR", "Unexpected error; incident " + incident);
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof EJBException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A short description when the request body could not be read as the expected JSON. */
    private static String unreadableJson(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParsingException p) {
                return "Malformed JSON: " + firstLine(p.getMessage());
            }
            if (t instanceof JsonbException j) {
                String detail = firstLine(deepest(j).getMessage());
                Matcher unknown = UNKNOWN_FIELD.matcher(detail);
                return unknown.find() ? "Unknown field '" + unknown.group(1) + "'"
                        : "Request body does not match the expected JSON: " + detail;
            }
        }
        if (e instanceof ProcessingException) {
            return "Request body could not be read as JSON";
        }
        return null;
    }

    /** PostgreSQL's unique_violation (SQLState 23505) anywhere in the cause chain. */
    static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static Throwable deepest(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
