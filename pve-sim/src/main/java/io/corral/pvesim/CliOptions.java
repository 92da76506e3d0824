package io.corral.pvesim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The command line of the standalone simulator, turned into a {@link SimulatorBuilder}. */
final class CliOptions {

    static final String USAGE = String.join("\n",
            "usage: java -jar corral-pve-sim-all.jar [options]",
            "  --port N                    port to listen on (default 8006, 0 = any free port)",
            "  --bind ADDRESS              address to listen on (default 127.0.0.1)",
            "  --seed FILE                 seed JSON with nodes and guests (default: built-in 2 nodes, 10 guests)",
            "  --token USER@REALM!ID=SECRET  accept this API token (repeatable)",
            "  --user USER@REALM:PASSWORD  accept ticket logins of this user (repeatable)",
            "  --time-factor F             multiply task durations by F (default 1.0)",
            "  --login-failure-delay-ms N  delay before a failed login's 401 (default 3000)",
            "  --https                     serve HTTPS with a self-signed certificate made at start, as Proxmox",
            "                              does (the default; the SHA-256 fingerprint is printed on the second line)",
            "  --http                      serve plain HTTP instead (a test option)");

    private CliOptions() {
    }

    /** @throws IllegalArgumentException with a message for the user when the arguments are wrong */
    static SimulatorBuilder parse(List<String> args) {
        SimulatorBuilder builder = PveSimulator.builder().https();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (option.equals("--https")) {
                builder.https();
                continue;
            }
            if (option.equals("--http")) {
                builder.plainHttp();
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("missing value for " + option + "\n" + USAGE);
            }
            String value = args.get(++i);
            switch (option) {
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--bind" -> builder.bindAddress(value);
                case "--seed" -> builder.seed(Path.of(value));
                case "--token" -> builder.apiToken(before(value, '=', option), after(value, '='));
                case "--user" -> builder.user(before(value, ':', option), after(value, ':'));
                case "--time-factor" -> builder.timeFactor(Double.parseDouble(value));
                case "--login-failure-delay-ms" -> builder.loginFailureDelay(Duration.ofMillis(Long.parseLong(value)));
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        return builder;
    }

    private static String before(String value, char separator, String option) {
        int at = value.indexOf(separator);
        if (at <= 0) {
            throw new IllegalArgumentException(option + " expects NAME" + separator + "SECRET, got '" + value + "'");
        }
        return value.substring(0, at);
    }

    private static String after(String value, char separator) {
        return value.substring(value.indexOf(separator) + 1);
    }
}
