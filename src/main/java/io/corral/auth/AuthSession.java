package io.corral.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A row of {@code auth_session}, without its token hash (only {@link AuthSessionStore} compares it). */
public record AuthSession(UUID id, String provider, AuthSessionState state, String reason, UUID agentId, String node,
                          int templateVmid, int vmid, String vmName, UUID vmId, UUID cloneCommandId,
                          UUID startCommandId, UUID destroyCommandId, boolean preserveVm, String vmNote,
                          String options, UUID credentialId, String createdBy, OffsetDateTime createdAt,
                          OffsetDateTime stateChangedAt) {

    static final String COLUMNS = "id, provider, state, reason, agent_id, node, template_vmid, vmid, vm_name, vm_id, "
            + "clone_command_id, start_command_id, destroy_command_id, preserve_vm, vm_note, options::text, "
            + "credential_id, created_by, created_at, state_changed_at";

    static AuthSession map(ResultSet rs) throws SQLException {
        return new AuthSession(rs.getObject(1, UUID.class), rs.getString(2), AuthSessionState.parse(rs.getString(3)),
                rs.getString(4), rs.getObject(5, UUID.class), rs.getString(6), rs.getInt(7), rs.getInt(8),
                rs.getString(9), rs.getObject(10, UUID.class), rs.getObject(11, UUID.class),
                rs.getObject(12, UUID.class), rs.getObject(13, UUID.class), rs.getBoolean(14), rs.getString(15),
                rs.getString(16), rs.getObject(17, UUID.class), rs.getString(18),
                rs.getObject(19, OffsetDateTime.class), rs.getObject(20, OffsetDateTime.class));
    }

    /** How operators know it in logs and task previews. */
    public String label() {
        return provider + " session " + id + " (" + node + "/" + vmid + ")";
    }
}
