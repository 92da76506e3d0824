package io.corral.launcher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The stack directory: Payara Micro and the two WARs, copied there by the launcher build
 * ({@code launcher/target/stack}). Found next to the launcher jar, or beside the classes
 * directory when running from the build (integration tests), unless given explicitly.
 */
public record StackFiles(Path dir, Path payaraJar, Path controlPlaneWar, Path agentWar) {

    static final String SYSTEM_PROPERTY = "corral.stackDir";

    public static StackFiles locate(Optional<Path> explicit) {
        Path dir = explicit.or(() -> Optional.ofNullable(System.getProperty(SYSTEM_PROPERTY)).map(Path::of))
                .orElseGet(StackFiles::besideLauncher)
                .toAbsolutePath().normalize();
        StackFiles files = new StackFiles(dir, dir.resolve("payara-micro.jar"),
                dir.resolve("corral.war"), dir.resolve("corral-agent.war"));
        for (Path file : new Path[] {files.payaraJar, files.controlPlaneWar, files.agentWar}) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(file + " not found. Build the stack first "
                        + "(mvn -B -f build/pom.xml -DskipTests package, or ./corral run) or pass --stack-dir");
            }
        }
        return files;
    }

    // target/corral-launcher.jar -> target/stack; target/classes -> target/stack
    private static Path besideLauncher() {
        try {
            Path location = Path.of(StackFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent().resolve("stack");
        } catch (URISyntaxException | NullPointerException e) {
            return Path.of("stack");
        }
    }
}
