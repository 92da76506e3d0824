package io.corral.pvesim;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task's unique id as PVE writes it:
 * {@code UPID:<node>:<PID>:<PSTART>:<STARTTIME>:<type>:<id>:<user>:} with PID, PSTART and
 * STARTTIME (epoch seconds) as 8 upper-case hex digits.
 */
public record Upid(String node, long pid, long pstart, long starttime, String type, String id, String user) {

    private static final Pattern FORMAT = Pattern.compile(
            "UPID:([a-zA-Z0-9][a-zA-Z0-9.\\-]*):([0-9A-F]{8}):([0-9A-F]{8,9}):([0-9A-F]{8}):([^:\\s]+):([^:\\s]*):([^:\\s]+):");

    /** Parses a UPID, or throws {@link IllegalArgumentException}. */
    public static Upid parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("unable to parse worker upid '" + text + "'");
        }
        return new Upid(m.group(1), Long.parseLong(m.group(2), 16), Long.parseLong(m.group(3), 16),
                Long.parseLong(m.group(4), 16), m.group(5), m.group(6), m.group(7));
    }

    @Override
    public String toString() {
        return String.format("UPID:%s:%08X:%08X:%08X:%s:%s:%s:", node, pid, pstart, starttime, type, id, user);
    }
}
