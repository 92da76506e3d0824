package io.corral.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One Payara Micro JVM serving one WAR: started with its own work directory and log file, ready
 * when its health URL answers 200, stopped gracefully (SIGTERM, then SIGKILL after a grace period).
 */
public final class PayaraProcess {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    static final List<String> PREBOOT_COMMANDS = Stream.concat(
            PayaraThreads.PREBOOT_COMMANDS.stream().map(setting -> "set " + setting),
            Stream.of(
                    "set configs.config.server-config.network-config.protocols.protocol.http-listener.http.max-connections=-1",
                    "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1"))
            .toList();

    private final PayaraSpec spec;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process process;

    public PayaraProcess(PayaraSpec spec) {
        this.spec = spec;
    }

    public String name() { return spec.name(); }
    public int port() { return spec.port(); }
    public Path logFile() { return spec.logFile(); }

    public synchronized void start() throws IOException {
        if (isRunning()) {
            return;
        }
        Files.createDirectories(spec.logFile().getParent());
        stopLeftoverOfEarlierRun(spec.name(), spec.rootDir());
        // A kept --rootdir makes Payara redeploy the previous run's application from its
        // domain.xml, then deploy --deploy again after boot: health answers 200 in between and the
        // application goes 503 while it is replaced. Each start begins with a fresh work directory.
        deleteRecursively(spec.rootDir());
        Files.createDirectories(spec.rootDir());
        Path preboot = writePrebootFile();
        List<String> command = command(preboot);
        Files.writeString(spec.logFile(), "=== " + Instant.now() + " starting " + spec.name() + ": "
                + String.join(" ", command) + System.lineSeparator(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(spec.rootDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
        builder.environment().putAll(spec.environment());
        process = builder.start();
        Files.writeString(pidFile(), Long.toString(process.pid()));
    }

    // Owner-only from the moment it exists: a command file is where server configuration goes,
    // and what goes there next may be a secret.
    private Path writePrebootFile() throws IOException {
        Path preboot = spec.rootDir().resolveSibling(spec.name() + "-preboot.asadmin");
        Files.deleteIfExists(preboot);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(preboot, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        List<String> commands = new ArrayList<>(PREBOOT_COMMANDS);
        commands.addAll(spec.prebootCommands());
        Files.write(preboot, commands);
        return preboot;
    }

    private List<String> command(Path preboot) {
        List<String> command = new ArrayList<>();
        // Own session: a Ctrl-C in the terminal reaches only the launcher, which then stops the
        // processes in order (agent before control plane) instead of all at once.
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(PayaraThreads.JVM_OPTIONS);
        command.addAll(List.of("-jar", spec.payaraJar().toString(),
                "--deploy", spec.war().toString(),
                "--contextroot", spec.contextRoot(),
                "--port", Integer.toString(spec.port())));
        if (spec.cluster() == null) {
            // --nocluster still starts Hazelcast (needed for persistent EJB timers; --nohazelcast
            // makes their deployment fail); a distinct start port keeps the two apart
            command.add("--nocluster");
        } else {
            // Members by address on loopback under a name of their own: never another stack's
            command.addAll(List.of("--clustermode", spec.cluster().mode(), "--interfaces", "127.0.0.1",
                    "--clustername", spec.cluster().name(), "--name", spec.name()));
        }
        command.addAll(List.of(
                "--startport", Integer.toString(spec.hazelcastStartPort()),
                "--rootdir", spec.rootDir().toString(),
                "--prebootcommandfile", preboot.toString(),
                "--disablephonehome"));
        return command;
    }

    /** Waits until the health URL answers 200; fails fast, with the log tail, if the JVM exits. */
    public void awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new IOException(spec.name() + " exited" + (p == null ? "" : " with status " + p.exitValue())
                        + " before it was ready; last lines of " + spec.logFile() + ":\n" + LogTail.read(spec.logFile(), 40));
            }
            if (isHealthy()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException(spec.name() + " not ready after " + timeout.toSeconds() + " s ("
                        + spec.healthUrl() + "); last lines of " + spec.logFile() + ":\n" + LogTail.read(spec.logFile(), 40));
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    public boolean isHealthy() {
        try {
            HttpRequest request = HttpRequest.newBuilder(spec.healthUrl()).timeout(Duration.ofSeconds(2)).GET().build();
            // Bounded here too: the JDK client's own timeout has been seen not to fire on a
            // connection that a restarting server left half-open, which hung the caller for good.
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .get(3, TimeUnit.SECONDS).statusCode() == 200;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** SIGTERM, so Payara shuts down its applications; SIGKILL if that takes longer than {@code grace}. */
    public synchronized void stop(Duration grace) {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        awaitExit(p, grace);
        if (p.isAlive()) {
            p.destroyForcibly();
            awaitExit(p, Duration.ofSeconds(10));
        }
        forget();
    }

    /** SIGKILL: the process vanishes as in a crash, without any shutdown work. */
    public synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        awaitExit(p, Duration.ofSeconds(10));
        forget();
    }

    private void forget() {
        process = null;
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitExit(Process p, Duration timeout) {
        try {
            p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private Path pidFile() {
        return pidFile(spec.name(), spec.rootDir());
    }

    private static Path pidFile(String name, Path rootDir) {
        return rootDir.resolveSibling(name + ".pid");
    }

    // A launcher killed with SIGKILL cannot stop its children; the next run with the same data
    // directory finds them by pid file and stops them, but only if the pid still runs Payara
    // Micro with this work directory (pids get reused).
    static void stopLeftoverOfEarlierRun(String name, Path rootDir) throws IOException {
        Path pidFile = pidFile(name, rootDir);
        if (!Files.exists(pidFile)) {
            return;
        }
        String pid = Files.readString(pidFile).trim();
        Optional<ProcessHandle> leftover = pid.matches("\\d+") ? ProcessHandle.of(Long.parseLong(pid)) : Optional.empty();
        leftover.filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(rootDir.toString())).orElse(false))
                .ifPresent(h -> {
                    System.err.println("Stopping " + name + " left running by an earlier run (pid " + pid + ")");
                    h.destroy();
                    h.onExit().completeOnTimeout(h, 20, TimeUnit.SECONDS).join();
                    if (h.isAlive()) {
                        h.destroyForcibly();
                        h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join();
                    }
                });
        Files.deleteIfExists(pidFile);
    }
}
