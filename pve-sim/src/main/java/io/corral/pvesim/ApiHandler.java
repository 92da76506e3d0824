package io.corral.pvesim;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import org.xnio.IoUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves {@code /api2/json}: authenticates, routes, validates against the schema, then lets the
 * route's handler answer. The order (auth before 501 before 400) is pveproxy's.
 */
final class ApiHandler implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(ApiHandler.class.getName());

    private final AuthHandler auth;
    private final Router router;
    private final SchemaValidator schema;
    private final Faults faults;

    ApiHandler(AuthHandler auth, Router router, SchemaValidator schema, Faults faults) {
        this.auth = auth;
        this.router = router;
        this.schema = schema;
        this.faults = faults;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        exchange.startBlocking();
        if (injectedFault(exchange)) {
            return;
        }
        try {
            faults.beforeAnswer();
            ResponseWriter.data(exchange, answer(exchange));
        } catch (PveException e) {
            ResponseWriter.error(exchange, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ResponseWriter.error(exchange, PveException.internal("interrupted"));
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "request failed: " + exchange.getRequestURI(), e);
            ResponseWriter.error(exchange, PveException.internal(String.valueOf(e.getMessage())));
        }
    }

    /** A dropped connection or a bare error status, when a fault is armed. */
    private boolean injectedFault(HttpServerExchange exchange) {
        int fault = faults.takeRequestFault();
        if (fault == Faults.DROP) {
            LOG.info(() -> "fault: dropping connection for " + exchange.getRequestURI());
            IoUtils.safeClose(exchange.getConnection());
            return true;
        }
        if (fault > 0) {
            ResponseWriter.error(exchange, new PveException(fault, StatusCodes.getReason(fault)));
            return true;
        }
        return false;
    }

    private Object answer(HttpServerExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toString();
        List<String> segments = RequestParams.segments(exchange.getRelativePath());
        String path = "/" + String.join("/", segments);
        String user = auth.authenticate(method, path, exchange.getRequestHeaders());
        Router.Match match = router.find(method, segments);
        Map<String, String> params = params(exchange);
        schema.validate(method, match.route().template(), match.pathParams(), params);
        return match.route().handler().handle(new ApiRequest(method, path, match.pathParams(), params, user));
    }

    /** Query string parameters, plus form or JSON body parameters for writes. */
    private static Map<String, String> params(HttpServerExchange exchange) throws IOException {
        Map<String, String> params = new HashMap<>(RequestParams.form(exchange.getQueryString()));
        String body = new String(exchange.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (body.isBlank()) {
            return params;
        }
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
        params.putAll(contentType.startsWith("application/json") ? RequestParams.json(body) : RequestParams.form(body));
        return params;
    }
}
