package io.corral.console;

import io.corral.auth.AuthSession;
import io.corral.auth.AuthSessionService;
import io.corral.auth.AuthSessionState;
import io.corral.platform.error.ApiException;
import io.corral.platform.rest.Ids;
import io.corral.platform.security.Role;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** Faces bean of {@code console/sessions.xhtml}: auth sessions, filtered, live, and cancel for operators. */
@Named
@ViewScoped
public class AuthSessionsPage implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    AuthSessionService sessions;

    @Inject
    ConsoleUser me;

    private AuthSessionsModel model;
    private String state;
    private String provider;

    @PostConstruct
    void init() {
        model = new AuthSessionsModel(sessions);
    }

    public AuthSessionsModel getModel() {
        return model;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = AuthSessionState.parse(state) == null ? null : state;
        model.filter(AuthSessionState.parse(this.state), provider);
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider == null || provider.isBlank() ? null : provider;
        model.filter(AuthSessionState.parse(state), this.provider);
    }

    public List<String> getStates() {
        return Arrays.stream(AuthSessionState.values()).map(AuthSessionState::value).toList();
    }

    public List<String> getProviders() {
        try {
            return sessions.providers();
        } catch (RuntimeException e) { // a malformed CORRAL_AUTH_PROVIDERS: the list still shows
            return List.of();
        }
    }

    /** The configured providers for the empty state, comma-separated. */
    public String getProvidersText() {
        return String.join(", ", getProviders());
    }

    public String at(OffsetDateTime t) {
        return ClockText.at(t);
    }

    /** Cancels the session named by the request parameter {@code session} (bound when its row rendered). */
    public void cancel() {
        String id = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("session");
        if (!me.may(Role.OPERATOR, "auth-session.cancel", "auth-session", id)) {
            return;
        }
        try {
            AuthSession s = sessions.cancel(Ids.parse("session", id), me.getName());
            me.did("auth-session.cancel", "auth-session", id, s.vmNote());
            ConsoleMessages.info("Session cancelled", s.provider() + " session ended as failed"
                    + (s.vmNote() == null ? "." : "; " + s.vmNote() + "."));
        } catch (ApiException e) {
            me.failed("auth-session.cancel", "auth-session", id, e.getMessage());
            ConsoleMessages.error("Could not cancel", e.getMessage());
        }
    }
}
