package io.corral.console;

import io.corral.auth.AuthSession;
import io.corral.auth.AuthSessionService;
import io.corral.platform.error.ApiException;
import io.corral.platform.rest.Ids;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Faces bean of {@code console/session.xhtml?id=…}: an auth session's state, and its browser VM's desktop
 * through the relay once the agent lists the VM (the same relay and noVNC as {@link DesktopPage}).
 */
@Named
@ViewScoped
public class SessionPage extends DesktopPage {
    private static final long serialVersionUID = 1L;

    @Inject
    AuthSessionService sessions;

    private transient AuthSession session;

    @Override
    @PostConstruct
    void open() {
        try {
            session = sessions.get(Ids.parse("id",
                    FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("id")));
        } catch (ApiException e) {
            problem(e.getMessage());
            return;
        }
        if (session.vmId() == null) {
            problem("The session's VM is not listed by its agent yet (state " + session.state().value()
                    + "); reload when it is.");
            return;
        }
        openRelay(session.vmId());
    }

    public AuthSession getSession() {
        return session;
    }

    public String getState() {
        return session == null ? null : session.state().value();
    }
}
