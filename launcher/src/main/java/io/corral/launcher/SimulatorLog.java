package io.corral.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The simulator runs in the launcher's JVM and logs through java.util.logging (as does
 * Undertow); on the command line that goes to {@code logs/pve-sim.log}, not the terminal.
 */
final class SimulatorLog {

    private SimulatorLog() {
    }

    static void redirect(Path logFile) {
        Logger root = Logger.getLogger("");
        try {
            Files.createDirectories(logFile.getParent());
            FileHandler file = new FileHandler(logFile.toString(), true);
            file.setFormatter(new SimpleFormatter());
            for (Handler handler : root.getHandlers()) {
                root.removeHandler(handler);
            }
            root.addHandler(file);
        } catch (IOException e) {
            System.err.println("Simulator log stays on the terminal: cannot open " + logFile + ": " + e.getMessage());
        }
    }
}
