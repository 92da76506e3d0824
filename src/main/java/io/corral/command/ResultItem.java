package io.corral.command;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.UUID;

/** One item of a result batch: the answer the per-id call would have given. */
public record ResultItem(UUID id, int status, String code, String message) {
    static ResultItem accepted(UUID id) {
        return new ResultItem(id, 200, null, null);
    }

    /** The batch answer: {@code {"items":[{"id","status","code"?}]}}, in the request's order. */
    public static String toJson(List<ResultItem> items) {
        JsonArrayBuilder list = CanonicalJson.JSON.createArrayBuilder();
        for (ResultItem item : items) {
            JsonObjectBuilder one = CanonicalJson.JSON.createObjectBuilder().add("id", item.id().toString())
                    .add("status", item.status());
            if (item.code() != null) {
                one.add("code", item.code());
            }
            list.add(one);
        }
        return CanonicalJson.JSON.createObjectBuilder().add("items", list).build().toString();
    }
}
