package io.corral.launcher;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code java -jar corral-launcher.jar run [options]}: a thin command line over {@link Stack}. */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        String command = args.length == 0 ? "help" : args[0];
        if (command.equals("help") || command.equals("--help") || command.equals("-h") || rest.contains("--help")) {
            System.out.print(CommandLine.help());
        } else if (command.equals("run")) {
            System.exit(run(rest));
        } else {
            System.err.println("Unknown command '" + command + "'.\n");
            System.err.print(CommandLine.help());
            System.exit(2);
        }
    }

    static int run(List<String> args) throws InterruptedException {
        LaunchOptions options;
        try {
            options = CommandLine.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        SimulatorLog.redirect(options.dataDir().resolve("logs").resolve("pve-sim.log"));
        Stack stack = new Stack(options).onProgress(line -> System.out.println("  " + line));
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            System.out.println("Stopping Corral…");
            stack.close();
            System.out.println("Corral stopped.");
        }, "corral-stop"));

        System.out.println("Starting Corral (the first start takes a minute or two)…");
        try {
            stack.launch();
        } catch (Exception e) {
            if (stopping.get()) {
                return 130;
            }
            System.err.println("Corral did not start: " + e.getMessage());
            return 1;
        }
        printReady(stack);
        while (!stopping.get()) {
            Thread.sleep(1000);
            Optional<String> dead = stack.deadProcess();
            if (dead.isPresent() && !stopping.get()) {
                System.err.println("The " + dead.get() + " exited unexpectedly; stopping Corral.");
                return 1;
            }
        }
        return 0;
    }

    /**
     * The admin's sign-in as the terminal shows it: the password only on the run that generated it (never
     * to a log file: the launcher's own output goes to the terminal alone); later runs say where it is kept.
     */
    static String loginLine(String user, LauncherState state) {
        return state.adminPasswordNew()
                ? user + " / " + state.adminPassword() + "   (shown this once; kept in " + state.file() + ")"
                : user + " / the password shown at the first start (admin.password in " + state.file() + ")";
    }

    private static void printReady(Stack stack) {
        System.out.println();
        System.out.println("Corral is running.");
        System.out.println("  Console:   " + stack.consoleUrl());
        System.out.println("  Login:     " + loginLine(stack.adminUser(), stack.state()));
        System.out.println("  API token: " + stack.apiToken() + "   (Authorization: Bearer …)");
        System.out.println("  API:       " + stack.apiUrl());
        System.out.println("  Proxmox simulator: " + stack.simulator().baseUrl() + "  (token " + stack.pveToken() + ")");
        System.out.println("    certificate SHA-256: " + stack.simulator().certificateSha256());
        System.out.println("  PVE proxy (clone-serializing): " + stack.proxyUrl());
        System.out.println("  Data: " + stack.dataDir() + "   Logs: " + stack.logDir());
        System.out.println("Press Ctrl-C to stop.");
    }
}
