package io.corral.console;

import io.corral.platform.error.ApiException;

import java.util.Map;

/**
 * Reads which request field a service's validation refusal names ({@code VALIDATION_FAILED}, message
 * {@code "field: problem"}), so a console form shows the problem next to the input of that field.
 */
final class FieldErrors {
    private FieldErrors() {
    }

    /**
     * Puts the problem into {@code errors} under the form input that {@code inputs} maps its field to
     * ({@code tags[2]} counts as {@code tags}); false when the refusal names no field of the form.
     */
    static boolean put(ApiException e, Map<String, String> inputs, Map<String, String> errors) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int colon = message.indexOf(": ");
        if (!"VALIDATION_FAILED".equals(e.code()) || colon < 1) {
            return false;
        }
        String input = inputs.get(message.substring(0, colon).replaceAll("\\[\\d+]$", ""));
        if (input == null) {
            return false;
        }
        errors.merge(input, message.substring(colon + 2), (a, b) -> a + "; " + b);
        return true;
    }
}
