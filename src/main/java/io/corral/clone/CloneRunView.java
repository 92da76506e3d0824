package io.corral.clone;

import io.corral.platform.json.Jsons;
import jakarta.json.JsonValue;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** A clone run as the API shows it: the request, its state, totals by item state and (in detail) its items. */
public record CloneRunView(UUID id, UUID agentId, String node, int vmid, String targetNode, int count,
                           String namePattern, boolean full, String storage, boolean start, List<String> tags,
                           String service, String status, boolean cancelRequested, Map<String, Integer> totals,
                           String createdBy, OffsetDateTime createdAt, OffsetDateTime startedAt,
                           OffsetDateTime finishedAt, List<Item> items) {

    /** One guest of the run; {@code error} is {@code {"code","message"}} or null. */
    public record Item(int n, String name, Integer vmid, UUID commandId, String status, JsonValue error) {
        static Item of(CloneItem i) {
            JsonValue error = i.errorCode() == null ? JsonValue.NULL : Jsons.JSON.createObjectBuilder()
                    .add("code", i.errorCode()).add("message", i.errorMessage() == null ? "" : i.errorMessage()).build();
            return new Item(i.n(), i.name(), i.vmid(), i.commandId(), i.status().value(), error);
        }
    }

    /** {@code items} null leaves them out (lists). */
    public static CloneRunView of(CloneRun r, List<CloneItem> items, boolean withItems) {
        Map<String, Integer> totals = new TreeMap<>();
        for (CloneItemStatus s : CloneItemStatus.values()) {
            totals.put(s.value(), 0);
        }
        items.forEach(i -> totals.merge(i.status().value(), 1, Integer::sum));
        totals.put("done", totals.get("succeeded"));
        totals.put("total", items.size());
        return new CloneRunView(r.id(), r.agentId(), r.node(), r.templateVmid(), r.targetNode(), r.count(),
                r.namePattern(), r.full(), r.storage(), r.start(), r.tags() == null ? List.of()
                        : Arrays.asList(r.tags().split(";")), r.service(), r.status().value(), r.cancelRequested(),
                totals, r.createdBy(), r.createdAt(), r.startedAt(), r.finishedAt(),
                withItems ? items.stream().map(Item::of).toList() : null);
    }
}
