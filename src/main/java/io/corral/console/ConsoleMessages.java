package io.corral.console;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

/** Growl messages for the outcome of a console action. */
public final class ConsoleMessages {
    private ConsoleMessages() {
    }

    public static void info(String summary, String detail) {
        add(FacesMessage.SEVERITY_INFO, summary, detail);
    }

    public static void warn(String summary, String detail) {
        add(FacesMessage.SEVERITY_WARN, summary, detail);
    }

    public static void error(String summary, String detail) {
        add(FacesMessage.SEVERITY_ERROR, summary, detail);
    }

    private static void add(FacesMessage.Severity severity, String summary, String detail) {
        FacesContext faces = FacesContext.getCurrentInstance();
        if (faces != null) {
            faces.addMessage(null, new FacesMessage(severity, summary, detail));
            // Survives a redirect after the action (post-redirect-get).
            faces.getExternalContext().getFlash().setKeepMessages(true);
        }
    }
}
