package io.corral.agent.ssh;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the command line the remote login shell receives: every argv element in single
 * quotes, embedded single quotes as {@code '\''}. A POSIX shell then passes each element
 * verbatim (no expansion, no word splitting, no operators).
 */
public final class ShellQuoting {

    private ShellQuoting() {
    }

    public static String quote(String element) {
        return "'" + element.replace("'", "'\\''") + "'";
    }

    public static String commandLine(List<String> argv) {
        return argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    }
}
