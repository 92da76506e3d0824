package io.corral.command;

import io.corral.platform.audit.AuditLog;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Who sees the secrets of one command ({@link CommandSecrets}): operators and admins, on that
 * command's own view; everyone else sees the marker. A view that showed secrets is audited once
 * per person and command per window (repeated refreshes and waits are one view), per instance.
 */
@ApplicationScoped
public class SecretViews {
    private static final Logger LOG = Logger.getLogger(SecretViews.class.getName());
    static final String ACTION = "command.secrets.view";

    @Inject
    AuditLog audit;

    @Inject
    CommandSettings settings;

    private final ConcurrentHashMap<String, Long> lastAudited = new ConcurrentHashMap<>();

    /**
     * The row as {@code actor} with {@code role} may see it: with its secrets for an operator or
     * admin (the view audited), with the marker in their place for anyone else.
     */
    public CommandRow shown(CommandRow row, String actor, Role role) {
        CommandRow hidden = CommandSecrets.hidden(row);
        if (hidden == row || role == null || !role.includes(Role.OPERATOR)) {
            return hidden;
        }
        if (!java.util.Objects.equals(hidden.payload(), row.payload())
                || !java.util.Objects.equals(hidden.result(), row.result())) {
            audited(row, actor, role);
        }
        return row;
    }

    private void audited(CommandRow row, String actor, Role role) {
        long now = System.currentTimeMillis();
        long window = settings.secretsAuditWindowMinutes() * 60_000L;
        String key = actor + '\n' + row.id();
        boolean[] due = {false};
        lastAudited.compute(key, (k, last) -> {
            due[0] = last == null || now - last >= window;
            return due[0] ? now : last;
        });
        if (!due[0]) {
            return;
        }
        if (lastAudited.size() > 10_000) {
            lastAudited.values().removeIf(at -> now - at >= window);
        }
        audit.record(actor, role.value(), ACTION, "command", row.id().toString(), AuditLog.OK, "type " + row.type());
        LOG.info(() -> "Command secrets shown: command=" + row.id() + " type=" + row.type() + " to=" + actor);
    }
}
