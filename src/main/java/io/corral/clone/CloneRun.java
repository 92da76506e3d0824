package io.corral.clone;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of {@code clone_run}. */
public record CloneRun(UUID id, UUID agentId, String node, int templateVmid, String targetNode, int count,
                       String namePattern, boolean full, String storage, boolean start, String tags, String service,
                       CloneRunStatus status, boolean cancelRequested, String createdBy, OffsetDateTime createdAt,
                       OffsetDateTime startedAt, OffsetDateTime finishedAt) {

    static final String COLUMNS = "id, agent_id, node, template_vmid, target_node, count, name_pattern, full_clone, "
            + "storage, start_after, tags, service_id, status, cancel_requested, created_by, created_at, started_at, "
            + "finished_at";

    static CloneRun read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new CloneRun(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
                rs.getString(5), rs.getInt(6), rs.getString(7), rs.getBoolean(8), rs.getString(9), rs.getBoolean(10),
                rs.getString(11), rs.getString(12), CloneRunStatus.parse(rs.getString(13)), rs.getBoolean(14),
                rs.getString(15), rs.getObject(16, OffsetDateTime.class), rs.getObject(17, OffsetDateTime.class),
                rs.getObject(18, OffsetDateTime.class));
    }

    /** The name of item {@code n}. */
    public String nameOf(int n) {
        return namePattern.replace("{n}", Integer.toString(n));
    }
}
