package io.corral.console;

import io.corral.auth.AuthSession;
import io.corral.auth.AuthSessionEvent;
import io.corral.auth.AuthSessionService;
import io.corral.platform.error.ApiException;
import io.corral.platform.rest.Ids;
import io.corral.platform.security.Role;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.PrimeFaces;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Faces bean of {@code console/session.xhtml?id=…}: an auth session's facts and event trail, live, cancel for
 * operators, and its browser VM's desktop through the relay (the same relay and noVNC as {@link DesktopPage}).
 * Loading the page (a GET, which a link from another site could trigger) opens nothing: the page opens the
 * relay afterwards with a POST ({@link #openDesktop}), which carries the view state a cross-site request
 * cannot have, and hands the relay id and one-time ticket to the page's script in the answer.
 */
@Named
@ViewScoped
public class SessionPage extends DesktopPage {
    private static final long serialVersionUID = 1L;

    @Inject
    AuthSessionService sessions;

    @Inject
    ConsoleUser me;

    private UUID id;
    private String loadProblem;
    private transient AuthSession session;
    private transient List<AuthSessionEvent> events;

    @Override
    @PostConstruct
    void open() {
        try {
            id = Ids.parse("id", FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap()
                    .get("id"));
            session = sessions.get(id);
        } catch (ApiException e) {
            loadProblem = e.getMessage();
            id = null;
        }
    }

    /** Re-reads the session (the live refresh); says whether the desktop may be opened now. */
    public void refresh() {
        session = null;
        events = null;
        PrimeFaces.current().ajax().addCallbackParam("canOpen", isCanOpen());
    }

    /**
     * Opens the relay to the session's VM (a POST after the page loaded) and returns its id and ticket to
     * the page's script as callback parameters {@code relay} and {@code ticket}.
     */
    public void openDesktop() {
        if (id == null || getRelayId() != null
                || !me.may(Role.OPERATOR, "desktop.open", "auth-session", id.toString())) {
            return;
        }
        session = null;
        AuthSession s = getSession();
        if (s.vmId() == null) {
            problem("The session's VM is not listed by its agent yet (state " + s.state().value()
                    + "); the desktop opens when it is.");
            return;
        }
        problem(null);
        openRelay(s.vmId());
        if (getRelayId() == null) {
            me.failed("desktop.open", "vm", s.vmId().toString(), getProblem());
            return;
        }
        me.did("desktop.open", "vm", s.vmId().toString(), "auth session " + id + ", relay " + getRelayId());
        PrimeFaces.current().ajax().addCallbackParam("relay", getRelayId().toString());
        PrimeFaces.current().ajax().addCallbackParam("ticket", getTicket());
        PrimeFaces.current().ajax().addCallbackParam("instance", getInstance());
    }

    /** Ends the session as failed and destroys its VM (unless kept). */
    public void cancel() {
        if (!me.may(Role.OPERATOR, "auth-session.cancel", "auth-session", String.valueOf(id))) {
            return;
        }
        try {
            AuthSession s = sessions.cancel(id, me.getName());
            me.did("auth-session.cancel", "auth-session", id.toString(), s.vmNote());
            ConsoleMessages.info("Session cancelled", "It ended as failed" + (s.vmNote() == null ? "."
                    : "; " + s.vmNote() + "."));
        } catch (ApiException e) {
            me.failed("auth-session.cancel", "auth-session", id.toString(), e.getMessage());
            ConsoleMessages.error("Could not cancel", e.getMessage());
        }
        refresh();
    }

    /** Whether this user may open the desktop now: an operator, a VM in the inventory, none opened yet. */
    public boolean isCanOpen() {
        AuthSession s = getSession();
        return s != null && me.isOperator() && getRelayId() == null && s.vmId() != null
                && s.destroyCommandId() == null;
    }

    public String getLoadProblem() {
        return loadProblem;
    }

    public AuthSession getSession() {
        if (session == null && id != null) {
            session = sessions.get(id);
        }
        return session;
    }

    public String getState() {
        AuthSession s = getSession();
        return s == null ? null : s.state().value();
    }

    /** The session's transitions, oldest first. */
    public List<AuthSessionEvent> getEvents() {
        if (events == null) {
            events = id == null ? List.of() : sessions.events(id);
        }
        return events;
    }

    public String at(OffsetDateTime t) {
        return ClockText.at(t);
    }
}
