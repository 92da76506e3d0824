package io.corral.console;

import io.corral.clone.CloneItemStatus;
import io.corral.clone.CloneRun;
import io.corral.clone.CloneRunService;
import io.corral.clone.CloneRunStatus;
import io.corral.fleet.Agent;
import io.corral.fleet.AgentService;
import io.corral.fleet.Vm;
import io.corral.fleet.VmService;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The clone runs of {@code console/clone-runs.xhtml}, newest first, a page at a time, with item totals. */
public class CloneRunsModel extends LazyDataModel<CloneRunsModel.Row> {
    private static final long serialVersionUID = 1L;

    private final CloneRunService runs;
    private final AgentService agents;
    private final VmService vms;
    private CloneRunStatus status;

    CloneRunsModel(CloneRunService runs, AgentService agents, VmService vms) {
        this.runs = runs;
        this.agents = agents;
        this.vms = vms;
    }

    /** One run as a row: what it clones, where, and how far its items got. */
    public record Row(UUID id, String status, boolean cancelRequested, String agent, String node, int templateVmid,
                      String templateName, boolean full, String namePattern, Map<CloneItemStatus, Integer> totals,
                      int total, String createdBy, OffsetDateTime createdAt, OffsetDateTime startedAt,
                      OffsetDateTime finishedAt) implements Serializable {

        static Row of(CloneRun r, String agent, String templateName, Map<CloneItemStatus, Integer> totals) {
            Map<CloneItemStatus, Integer> t = totals == null ? Map.of() : totals;
            int total = t.values().stream().mapToInt(Integer::intValue).sum();
            return new Row(r.id(), r.status().value(), r.cancelRequested(), agent, r.node(), r.templateVmid(),
                    templateName, r.full(), r.namePattern(), Map.copyOf(t), total == 0 ? r.count() : total,
                    r.createdBy(), r.createdAt(), r.startedAt(), r.finishedAt());
        }

        public int count(String itemStatus) {
            return totals.getOrDefault(CloneItemStatus.parse(itemStatus), 0);
        }

        public int done() {
            return count("succeeded");
        }

        public int failed() {
            return count("failed");
        }

        /** Items that reached a final state, in percent (the bar's length). */
        public int percent() {
            int ended = done() + failed() + count("cancelled");
            return total == 0 ? 0 : (int) Math.floor(ended * 100.0 / total);
        }

        /** The bar's label: {@code 37 / 100}. */
        public String progress() {
            return done() + " / " + total;
        }

        public boolean isFinal() {
            return CloneRunStatus.parse(status).isFinal();
        }

        public String created() {
            return ClockText.at(createdAt);
        }

        public String started() {
            return ClockText.at(startedAt);
        }

        public String finished() {
            return ClockText.at(finishedAt);
        }

        public String duration() {
            return ClockText.between(startedAt, finishedAt);
        }
    }

    void filter(CloneRunStatus s) {
        status = s;
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return runs.count(status);
    }

    @Override
    public List<Row> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        List<CloneRun> page = runs.page(status, first, pageSize);
        Map<UUID, Map<CloneItemStatus, Integer>> totals = runs.totals(page.stream().map(CloneRun::id).toList());
        Map<UUID, String> agentNames = agents.list().stream().collect(Collectors.toMap(Agent::getId, Agent::getName));
        Map<String, String> templates = new HashMap<>();
        return page.stream().map(r -> Row.of(r, agentNames.getOrDefault(r.agentId(), r.agentId().toString()),
                templates.computeIfAbsent(r.agentId() + "/" + r.node() + "/" + r.templateVmid(),
                        k -> vms.find(r.agentId(), r.node(), r.templateVmid()).map(Vm::getName).orElse("")),
                totals.get(r.id()))).toList();
    }

    @Override
    public String getRowKey(Row row) {
        return row.id().toString();
    }

    @Override
    public Row getRowData(String rowKey) {
        return getWrappedData() == null ? null : getWrappedData().stream()
                .filter(r -> r.id().toString().equals(rowKey)).findFirst().orElse(null);
    }
}
