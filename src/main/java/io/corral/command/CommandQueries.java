package io.corral.command;

import io.corral.platform.db.Jdbc;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The read side of commands and their events (keyset paging, newest first). */
@ApplicationScoped
public class CommandQueries {
    @Inject
    Jdbc jdbc;


    /** Created at deployment (see {@link CommandBusStartup}), where its data source can be injected. */
    public void ready() {
        // Calling any method creates the bean; its data source is checked when its Jdbc is made.
    }

    public List<CommandRow> list(CommandFilter f) {
        StringBuilder sql = new StringBuilder("select " + CommandRow.COLUMNS + " from command where true");
        List<Object> params = new ArrayList<>();
        if (f.status() != null) {
            sql.append(" and status = ?");
            params.add(f.status().value());
        }
        if (f.agentId() != null) {
            sql.append(" and agent_id = ?");
            params.add(f.agentId());
        }
        if (f.type() != null) {
            sql.append(" and type = ?");
            params.add(f.type());
        }
        if (f.since() != null) {
            sql.append(" and created_at >= ?");
            params.add(f.since());
        }
        if (f.until() != null) {
            sql.append(" and created_at < ?");
            params.add(f.until());
        }
        if (f.target() != null && !f.target().isBlank()) {
            sql.append(" and payload::text ilike ? escape '\\'");
            params.add("%" + f.target().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (f.createdBy() != null && !f.createdBy().isBlank()) {
            sql.append(" and created_by = ?");
            params.add(f.createdBy().strip());
        }
        if (f.after() != null) {
            sql.append(" and (created_at, id) < (?, ?)");
            params.add(f.after().createdAt());
            params.add(f.after().id());
        }
        sql.append(" order by created_at desc, id desc limit ?");
        params.add(f.limit());
        return jdbc.query(sql.toString(), CommandRow::read, params.toArray());
    }

    /**
     * The newest commands about one guest: those whose payload names its node and VMID, or that made it
     * (a clone's or create's {@code newid}/{@code vmid} on that node).
     */
    public List<CommandRow> aboutGuest(UUID agentId, String node, int vmid, int limit) {
        return jdbc.query("select " + CommandRow.COLUMNS + " from command where agent_id = ? and payload->>'node' = ? "
                + "and (payload->>'vmid' = ? or payload->>'newid' = ?) order by created_at desc, id desc limit ?",
                CommandRow::read, agentId, node, String.valueOf(vmid), String.valueOf(vmid), limit);
    }

    public List<CommandRow> byIds(UUID[] ids) {
        return jdbc.query("select " + CommandRow.COLUMNS + " from command where id = any(?)", CommandRow::read,
                (Object) ids);
    }

    public List<CommandEventView> events(UUID id) {
        return jdbc.query("select at, from_status, to_status, actor, detail from command_event "
                + "where command_id = ? order by id", rs -> new CommandEventView(rs.getObject(1, OffsetDateTime.class),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), id);
    }
}
