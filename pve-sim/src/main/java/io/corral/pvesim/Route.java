package io.corral.pvesim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A method and a path template of the PVE API ({@code /nodes/{node}/qemu/{vmid}/status/current}). */
public record Route(String method, String template, RouteHandler handler) {

    public List<String> segments() {
        return RequestParams.segments(template);
    }

    /** The path parameters if the path matches the template, else {@code null}. */
    Map<String, String> match(List<String> path) {
        List<String> pattern = segments();
        if (pattern.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String part = pattern.get(i);
            if (isVariable(part)) {
                params.put(part.substring(1, part.length() - 1), path.get(i));
            } else if (!part.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }

    /** Literal segments win over variables when two templates match the same path. */
    int specificity() {
        return (int) segments().stream().filter(s -> !isVariable(s)).count();
    }

    private static boolean isVariable(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}
