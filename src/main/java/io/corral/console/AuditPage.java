package io.corral.console;

import io.corral.platform.audit.AuditEvent;
import io.corral.platform.audit.AuditLog;
import io.corral.platform.security.Role;
import jakarta.annotation.PostConstruct;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import org.primefaces.component.datatable.DataTable;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;

/**
 * Faces bean of {@code console/audit.xhtml}: the audit log for operators and admins. Viewers may watch the
 * fleet but not read who did what (user names, refusals, access changes): the model loads nothing for them and
 * the attempt is audited as {@code denied}.
 */
@Named
@ViewScoped
public class AuditPage implements Serializable {
    private static final long serialVersionUID = 1L;
    static final Role NEEDED = Role.OPERATOR;

    @Inject
    transient AuditLog log;

    @Inject
    ConsoleUser me;

    private boolean allowed;
    private String text;
    private String outcome;
    private AuditModel model;

    @PostConstruct
    void open() {
        // Refused in words on the page itself (no growl that would follow the user to the next page), and audited.
        allowed = me.getRole() != null && me.getRole().includes(NEEDED);
        if (!allowed) {
            log.record(me.getName(), me.getRoleName(), "audit.read", "audit", null, AuditLog.DENIED,
                    "needs role " + NEEDED.value());
        }
        model = new AuditModel(this);
    }

    /** Nothing for a role below {@link #NEEDED}, whatever the request asks. */
    int count() {
        return allowed && me.getRole() != null && me.getRole().includes(NEEDED) ? log.count(text, blank(outcome)) : 0;
    }

    List<AuditEvent> list(int first, int size) {
        return allowed && me.getRole() != null && me.getRole().includes(NEEDED)
                ? log.list(text, blank(outcome), first, size) : List.of();
    }

    /** The filter changed: back to the first (newest) page. */
    public void filtered() {
        UIComponent table = FacesContext.getCurrentInstance().getViewRoot().findComponent("audit-form:audit");
        if (table instanceof DataTable dataTable) {
            dataTable.setFirst(0);
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public boolean isAllowed() {
        return allowed;
    }

    public AuditModel getModel() {
        return model;
    }

    public String getText() { return text; }
    public void setText(String text) { this.text = text; }
    public String getOutcome() { return outcome; }
    public void setOutcome(String outcome) { this.outcome = outcome; }
}
