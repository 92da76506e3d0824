package io.corral.pvesim;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes API answers in PVE's wire format. */
final class ResponseWriter {

    static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private ResponseWriter() {
    }

    /** {@code 200 OK} with {@code {"data": …}}, plus {@code total} for paged lists. */
    static void data(HttpServerExchange exchange, Object result) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (result instanceof Paged paged) {
            body.put("data", paged.data());
            body.put("total", paged.total());
        } else {
            body.put("data", result);
        }
        send(exchange, 200, "OK", body);
    }

    /**
     * The status with the message as reason phrase, as pveproxy does. The body repeats it for
     * clients that cannot read reason phrases: {@code {"data":null,"message":"…\n"}}, plus
     * {@code errors} for parameter errors.
     */
    static void error(HttpServerExchange exchange, PveException error) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!error.errors().isEmpty()) {
            body.put("errors", error.errors());
        }
        body.put("data", null);
        body.put("message", error.getMessage() + "\n");
        send(exchange, error.status(), reasonPhrase(error.getMessage()), body);
    }

    static void send(HttpServerExchange exchange, int status, String reason, Object body) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render response", e);
        }
        exchange.setStatusCode(status);
        exchange.setReasonPhrase(reason);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getResponseSender().send(json);
    }

    /** A status line holds one line of visible ASCII. */
    static String reasonPhrase(String message) {
        String line = message == null ? "" : message.strip().replaceAll("[\\r\\n\\t]+", " ");
        return line.replaceAll("[^\\x20-\\x7E]", "?");
    }

    /** A list answer with PVE's {@code total} attribute beside {@code data}. */
    record Paged(Object data, int total) {
    }
}
