package io.corral.agent.executor.proxmox;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a Proxmox task ended, typed. {@code exitstatus} is Proxmox's ({@code OK}, {@code WARNINGS: n},
 * or an error text); null when the task had not stopped (a timeout, or a cancel whose stop did not
 * take effect in time).
 */
public record TaskOutcome(String node, String upid, Kind kind, String exitstatus, int warnings,
                          List<String> logTail, Duration elapsed) {

    public enum Kind {
        /** {@code OK}. */
        OK,
        /** {@code WARNINGS: n}: done, with warnings. */
        WARNINGS,
        /** Ended by a lock timeout ({@code can't lock file … got timeout}, {@code VM is locked}). */
        LOCKED,
        /** Any other error. */
        FAILED,
        /** The command was cancelled; the task was stopped (or left, for tasks the command did not start). */
        CANCELLED,
        /** Still running when the wait ran out. */
        TIMEOUT
    }

    private static final Pattern WARNINGS_STATUS = Pattern.compile("^WARNINGS:\\s*(\\d+)");

    public TaskOutcome {
        logTail = logTail == null ? List.of() : List.copyOf(logTail);
    }

    /** The kind of a stopped task's exit status. */
    static Kind classify(String exitstatus) {
        if ("OK".equals(exitstatus)) {
            return Kind.OK;
        }
        if (exitstatus != null && WARNINGS_STATUS.matcher(exitstatus).find()) {
            return Kind.WARNINGS;
        }
        return PveErrors.isLock(exitstatus) ? Kind.LOCKED : Kind.FAILED;
    }

    static int warningCount(String exitstatus) {
        Matcher m = exitstatus == null ? null : WARNINGS_STATUS.matcher(exitstatus);
        if (m != null && m.find()) {
            try {
                return Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        return 0;
    }

    public boolean succeeded() {
        return kind == Kind.OK || kind == Kind.WARNINGS;
    }

    public boolean stopped() {
        return exitstatus != null;
    }

    /** {@code "upid","exitstatus","durationMs"} plus {@code "warnings","logTail"} for a task with warnings. */
    public JsonObjectBuilder toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("upid", upid);
        if (exitstatus == null) {
            json.addNull("exitstatus");
        } else {
            json.add("exitstatus", exitstatus);
        }
        json.add("durationMs", elapsed == null ? 0 : elapsed.toMillis());
        if (kind == Kind.WARNINGS) {
            json.add("warnings", warnings).add("logTail", logTailJson());
        }
        return json;
    }

    JsonArrayBuilder logTailJson() {
        JsonArrayBuilder lines = Json.createArrayBuilder();
        logTail.forEach(lines::add);
        return lines;
    }

    /** {@code exitstatus}, then the log tail, for a failure message. */
    String describe() {
        StringBuilder text = new StringBuilder("task ").append(upid).append(" ended: ").append(exitstatus);
        if (!logTail.isEmpty()) {
            text.append("\n--- task log, last ").append(logTail.size()).append(" line(s) ---");
            logTail.forEach(line -> text.append('\n').append(line));
        }
        return text.toString();
    }
}
