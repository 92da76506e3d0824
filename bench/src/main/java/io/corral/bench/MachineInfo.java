package io.corral.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the figures depend on: CPUs, memory, OS, Java, file-descriptor limit, commit. */
final class MachineInfo {

    private MachineInfo() {
    }

    static List<String> describe(Path root, String payaraVersion) {
        List<String> out = new ArrayList<>();
        out.add("CPUs (nproc): " + Runtime.getRuntime().availableProcessors() + " — " + cpuModel());
        out.add("Memory: " + memTotal());
        out.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        out.add("Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (control plane, agent and benchmark use the same JDK)");
        out.add("Payara Micro: " + payaraVersion + ", control plane -Xmx512m, thread pools of the launcher's PayaraThreads");
        out.add("Open-file limit of the benchmark and its children (ulimit -n): " + sh("ulimit -n"));
        out.add("Commit: " + sh("git -C " + root + " rev-parse --short HEAD") + " (working tree of " + root + ")");
        return out;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> String.format("%.1f GB",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0)).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static String sh(String command) {
        try {
            return ControlPlaneProbe.run(List.of("sh", "-c", command), Duration.ofSeconds(10)).trim();
        } catch (Exception e) {
            return "?";
        }
    }
}
