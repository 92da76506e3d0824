package io.corral.console;

import io.corral.platform.error.ApiException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

import java.util.Map;

/**
 * Puts a service's validation refusal ({@code VALIDATION_FAILED}, message {@code "field: problem"}) next to
 * the form input of that field, so a console form explains it where the user typed it.
 */
final class FieldErrors {
    private FieldErrors() {
    }

    /**
     * Shows {@code e} beside the input {@code inputs} maps its field to (a client id); other refusals go to
     * the growl. Either way the request counts as failed validation (a dialog stays open).
     */
    static void show(ApiException e, Map<String, String> inputs) {
        FacesContext faces = FacesContext.getCurrentInstance();
        faces.validationFailed();
        String message = e.getMessage() == null ? e.code() : e.getMessage();
        int colon = message.indexOf(": ");
        if ("VALIDATION_FAILED".equals(e.code()) && colon > 0) {
            String field = message.substring(0, colon).replaceAll("\\[\\d+]$", "");
            String input = inputs.get(field);
            if (input != null) {
                String problem = message.substring(colon + 2);
                faces.addMessage(input, new FacesMessage(FacesMessage.SEVERITY_ERROR, problem, problem));
                return;
            }
        }
        ConsoleMessages.error("Not accepted", message);
    }
}
