package io.corral.pvesim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The route table of the API. Only routes the official schema knows can be added. */
public final class Router {

    private final SchemaValidator schema;
    private final List<Route> routes = new ArrayList<>();

    public Router(SchemaValidator schema) {
        this.schema = schema;
    }

    public Router add(String method, String template, RouteHandler handler) {
        if (!schema.knows(method, template)) {
            throw new IllegalStateException("Route " + method + " " + template + " is not in the PVE API schema");
        }
        routes.add(new Route(method, template, handler));
        routes.sort(Comparator.comparingInt(Route::specificity).reversed());
        return this;
    }

    /** The schema the routes are checked against. */
    SchemaValidator schema() {
        return schema;
    }

    /** Every route served, in match order. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The route for the call, or pveproxy's {@code 501 Method '…' not implemented}. */
    public Match find(String method, List<String> path) {
        for (Route route : routes) {
            if (route.method().equals(method)) {
                Map<String, String> params = route.match(path);
                if (params != null) {
                    return new Match(route, params);
                }
            }
        }
        throw new PveException(501, "Method '" + method + " /" + String.join("/", path) + "' not implemented");
    }

    /** A route and the path parameters it extracted. */
    public record Match(Route route, Map<String, String> pathParams) {
    }
}
