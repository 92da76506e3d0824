package io.corral.command;

import java.util.UUID;

/**
 * The one log line of a command state change: {@code key=value} pairs, ids and words only
 * (never payloads, results or messages). Values holding spaces, quotes or '=' are quoted.
 */
final class TransitionLine {
    private TransitionLine() {
    }

    static String of(UUID command, UUID agent, String type, CommandStatus from, CommandStatus to, String actor,
                     String error) {
        StringBuilder line = new StringBuilder(160).append("command=").append(command).append(" agent=").append(agent);
        if (type != null) {
            line.append(" type=").append(value(type));
        }
        line.append(" from=").append(from == null ? "new" : from.value()).append(" to=").append(to.value());
        if (actor != null) {
            line.append(" actor=").append(value(actor));
        }
        if (error != null) {
            line.append(" error=").append(value(error));
        }
        return line.toString();
    }

    static String value(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\') {
                return quoted(v);
            }
        }
        return v.isEmpty() ? "\"\"" : v;
    }

    private static String quoted(String v) {
        StringBuilder q = new StringBuilder(v.length() + 2).append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < ' ') {
                q.append(' ');
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
