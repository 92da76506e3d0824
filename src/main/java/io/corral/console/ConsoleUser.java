package io.corral.console;

import io.corral.platform.audit.AuditLog;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The signed-in console user (EL name {@code me}): name, role, and the server-side check every console
 * action makes before it acts. Buttons a role may not use are shown disabled, but the check here is what
 * refuses: a forged request from a viewer is audited as {@code denied} and answered with an error message.
 */
@Named("me")
@RequestScoped
public class ConsoleUser {
    @Inject
    HttpServletRequest request;

    @Inject
    AuditLog audit;

    public String getName() {
        return request.getUserPrincipal() == null ? "" : request.getUserPrincipal().getName();
    }

    /** The highest role the user holds, or null when nobody is signed in. */
    public Role getRole() {
        for (Role r : new Role[] {Role.ADMIN, Role.OPERATOR, Role.VIEWER}) {
            if (request.isUserInRole(r.value())) {
                return r;
            }
        }
        return null;
    }

    public String getRoleName() {
        Role r = getRole();
        return r == null ? "" : r.value();
    }

    public boolean isOperator() {
        Role r = getRole();
        return r != null && r.includes(Role.OPERATOR);
    }

    public boolean isAdmin() {
        return getRole() == Role.ADMIN;
    }

    /**
     * Whether the user's role allows {@code action}; when it does not, the refusal is audited and shown.
     *
     * @param action what is attempted, e.g. {@code vm.stop} (audit vocabulary)
     */
    public boolean may(Role needed, String action, String targetType, String targetId) {
        Role r = getRole();
        if (r != null && r.includes(needed)) {
            return true;
        }
        audit.record(getName(), getRoleName(), action, targetType, targetId, AuditLog.DENIED,
                "needs role " + needed.value());
        ConsoleMessages.error("Not allowed", "Your role (" + (r == null ? "none" : r.value()) + ") may not do this; it needs "
                + needed.value() + ".");
        return false;
    }

    /** Audits an action the user did. */
    public void did(String action, String targetType, String targetId, String detail) {
        audit.record(getName(), getRoleName(), action, targetType, targetId, AuditLog.OK, detail);
    }

    /** Audits an action the user tried and that failed (the reason in words). */
    public void failed(String action, String targetType, String targetId, String reason) {
        audit.record(getName(), getRoleName(), action, targetType, targetId, AuditLog.FAILED, reason);
    }
}
