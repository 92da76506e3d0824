package io.corral.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Lines of a Proxmox task log as the event trail keeps them: events {@code running → running} whose
 * detail is {@value #HEADER} followed by the lines, one per line, packed into details of at most
 * {@value #MAX_DETAIL} characters (the column's size) so that no line is cut.
 */
public final class TaskLogEvents {
    public static final String HEADER = "task log";
    static final int MAX_DETAIL = 2000;

    private TaskLogEvents() {
    }

    /** The details to record for these lines; a line longer than a detail can hold is cut, saying so. */
    static List<String> details(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder detail = new StringBuilder(HEADER);
        for (String raw : lines) {
            String line = raw == null ? "" : raw.replace('\n', ' ').replace('\r', ' ');
            int room = MAX_DETAIL - HEADER.length() - 1;
            if (line.length() > room) {
                String mark = " … (line cut at " + room + " characters)";
                line = line.substring(0, room - mark.length()) + mark;
            }
            if (detail.length() + 1 + line.length() > MAX_DETAIL) {
                out.add(detail.toString());
                detail = new StringBuilder(HEADER);
            }
            detail.append('\n').append(line);
        }
        if (detail.length() > HEADER.length()) {
            out.add(detail.toString());
        }
        return out;
    }

    /** True for an event that carries task log lines. */
    public static boolean carriesLog(CommandEventView e) {
        return e.detail() != null && e.detail().startsWith(HEADER + "\n");
    }

    /** The log lines an event carries (none for other events). */
    public static List<String> lines(CommandEventView e) {
        return carriesLog(e) ? List.of(e.detail().substring(HEADER.length() + 1).split("\n", -1)) : List.of();
    }
}
