package io.corral.console;

import io.corral.platform.security.ConsoleIdentityStore;
import io.corral.platform.security.LoginThrottle;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * What the login error page says: how long sign-in stays refused for the user name and client address of the
 * failed attempt, or nothing (then "wrong user name or password"). The same for known and unknown names.
 */
@Named
@RequestScoped
public class LoginProblem {
    @Inject
    LoginThrottle throttle;

    private Long retryAfter;

    /** Whether the failed sign-in found the server busy checking other passwords (nothing was counted). */
    public boolean isBusy() {
        HttpSession session = ((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest())
                .getSession(false);
        return session != null && session.getAttribute(ConsoleIdentityStore.BUSY) != null;
    }

    /** Seconds until sign-in is allowed again; 0 when it is not blocked. */
    public long getRetryAfter() {
        if (retryAfter == null) {
            ExternalContext context = FacesContext.getCurrentInstance().getExternalContext();
            HttpServletRequest request = (HttpServletRequest) context.getRequest();
            HttpSession session = request.getSession(false);
            Object user = session == null ? null : session.getAttribute(ConsoleIdentityStore.FAILED_USER);
            long ms = throttle.blocked(user == null ? "" : user.toString(), request.getRemoteAddr()).toMillis();
            retryAfter = ms <= 0 ? 0 : (ms + 999) / 1000;
        }
        return retryAfter;
    }
}
