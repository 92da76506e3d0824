package io.corral.command;

import io.corral.platform.error.ValidationProblem;
import jakarta.json.JsonValue;

/** A final outcome as an agent reports it, checked against the result rules. */
public record ReportedOutcome(CommandStatus status, String resultJson, String errorCode, String errorMessage) {
    /** The agent did not learn whether its start arrived; it closes the command only if it did. */
    static final String START_UNCONFIRMED = "START_UNCONFIRMED";

    /**
     * Whether only a running command may take this outcome: a leased one was queued again
     * after the agent's lease lapsed and delivered anew, and runs normally.
     */
    boolean startedOnly() {
        return START_UNCONFIRMED.equals(errorCode);
    }

    public static ReportedOutcome of(ResultReport r) {
        if (r == null || r.status() == null) {
            throw new ValidationProblem("status", "is required: succeeded, failed or cancelled");
        }
        CommandStatus status = CommandStatus.parse(r.status());
        if (status != CommandStatus.SUCCEEDED && status != CommandStatus.FAILED
                && status != CommandStatus.CANCELLED) {
            throw new ValidationProblem("status", "must be succeeded, failed or cancelled");
        }
        String code = r.error() == null ? null : r.error().code();
        String message = r.error() == null ? null : r.error().message();
        if (status == CommandStatus.FAILED && code == null) {
            throw new ValidationProblem("error.code", "is required when status is failed");
        }
        String result = r.result() == null || r.result() == JsonValue.NULL ? null : CanonicalJson.of(r.result());
        if (status == CommandStatus.CANCELLED && code == null) {
            code = "CANCELLED";
        }
        return new ReportedOutcome(status, result, code, message == null || message.length() <= 4000 ? message
                : message.substring(0, 4000));
    }
}
