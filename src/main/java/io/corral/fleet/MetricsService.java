package io.corral.fleet;

import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/** The metrics history of guests: samples stored per agent, a guest's series read back. */
@ApplicationScoped
@Transactional
public class MetricsService {
    private static final Logger LOG = Logger.getLogger(MetricsService.class.getName());

    @Inject
    MetricsStore store;

    @Inject
    VmService vms;

    public record Stored(int guests, int samples) {
    }

    /**
     * Stores one sample per guest of an agent's {@code proxmox.metrics} result, in one transaction.
     *
     * @throws IllegalArgumentException when the result is not a metrics result (nothing is stored)
     */
    public Stored storeResult(UUID agentId, String resultJson, Instant receivedAt) {
        MetricsReport report = MetricsReport.parse(agentId, resultJson, receivedAt);
        store.insert(report.samples());
        LOG.fine(() -> "Metrics of agent " + agentId + " at " + report.collectedAt() + ": " + report.samples().size()
                + " samples of " + report.guests() + " guests");
        return new Stored(report.guests(), report.samples().size());
    }

    /**
     * A guest's samples in the query's range, oldest first, as stored or per step.
     *
     * @throws NotFoundProblem   when no guest has this id
     * @throws ValidationProblem when the range holds more than {@link MetricsQuery#MAX_POINTS} samples and no step
     */
    public VmMetricsView series(UUID vmId, MetricsQuery q) {
        Vm vm = vms.find(vmId).orElseThrow(() -> new NotFoundProblem("VM", vmId));
        List<MetricPointView> points;
        if (q.stepSeconds() == null) {
            points = store.series(vm.getAgentId(), vm.getVmid(), q.since(), q.until(), MetricsQuery.MAX_POINTS + 1);
            if (points.size() > MetricsQuery.MAX_POINTS) {
                throw new ValidationProblem("since", "the range holds more than " + MetricsQuery.MAX_POINTS
                        + " samples: pass a later since, or a step to average them");
            }
        } else {
            points = store.buckets(vm.getAgentId(), vm.getVmid(), q.since(), q.until(), q.stepSeconds());
        }
        return new VmMetricsView(vm.getId(), vm.getAgentId(), vm.getVmid(), q.since(), q.until(), q.stepSeconds(),
                points, points.size());
    }
}
