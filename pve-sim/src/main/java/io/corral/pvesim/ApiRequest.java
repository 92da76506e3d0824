package io.corral.pvesim;

import java.util.Map;
import java.util.Optional;

/**
 * One validated API call: path parameters from the route template, the other parameters from the
 * query string or body, and the authenticated user ({@code root@pam} or {@code root@pam!tokenid}).
 */
public record ApiRequest(String method, String path, Map<String, String> pathParams, Map<String, String> params,
                         String user) {

    public String node() {
        return pathParams.get("node");
    }

    public int vmid() {
        return Integer.parseInt(pathParams.get("vmid"));
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** An integer parameter (type already checked by the schema), clamped to the int range. */
    public int intParam(String name, int fallback) {
        return param(name).map(v -> {
            try {
                return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Long.parseLong(v)));
            } catch (NumberFormatException tooLong) {
                return v.startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            }
        }).orElse(fallback);
    }

    /** A boolean parameter as PVE reads it: 1/on/yes/true. */
    public boolean flag(String name) {
        return param(name).map(v -> SchemaValidator.TRUE.matcher(v).matches()).orElse(false);
    }
}
