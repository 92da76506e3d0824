package io.corral.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of one run, read from {@code -Dbench.<name>=value} system properties or
 * {@code name=value} program arguments (arguments win). Every setting is echoed in the report.
 */
public final class BenchSettings {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> given = new LinkedHashMap<>();

    private BenchSettings() {
    }

    public static BenchSettings parse(String[] args) {
        BenchSettings s = new BenchSettings();
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("bench."))
                .forEach(k -> s.given.put(k.substring("bench.".length()), System.getProperty(k)));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are name=value, not " + arg);
            }
            s.given.put(arg.substring(0, eq).replaceFirst("^--", ""), arg.substring(eq + 1));
        }
        return s;
    }

    private String get(String name, String fallback) {
        String v = given.getOrDefault(name, fallback);
        values.put(name, v);
        return v;
    }

    private int intValue(String name, int fallback) {
        return Integer.parseInt(get(name, Integer.toString(fallback)).trim());
    }

    /** Repository root: holds launcher/ and bench/. */
    public Path root() {
        String r = get("root", null);
        if (r != null) {
            return Path.of(r).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath();
        return cwd.getFileName().toString().equals("bench") ? cwd.getParent() : cwd;
    }

    public Path stackDir() { return Path.of(get("stackDir", root().resolve("launcher/target/stack").toString())); }
    public Path dataDir() { return dataDir("stack-data"); }
    /** The stack's data directory; {@code name} under bench/target unless {@code dataDir} is given. */
    public Path dataDir(String name) { return Path.of(get("dataDir", root().resolve("bench/target/" + name).toString())); }
    public Path resultsDir() { return Path.of(get("resultsDir", root().resolve("bench/results").toString())); }
    public Path workDir() { return root().resolve("bench/target"); }

    public int agents() { return intValue("agents", 20); }
    public int workersPerAgent() { return intValue("workers", 4); }
    public int heartbeatSeconds() { return intValue("heartbeatSeconds", 10); }
    public int maxHeldPollsSetting() { return intValue("maxHeldPolls", 12_000); }

    public int pgThreads() { return intValue("pgThreads", 16); }
    public int pgSeconds() { return intValue("pgSeconds", 10); }

    public int enqueuers() { return intValue("concurrency", 16); }
    /** Minimum warm-up of a lifecycle window (s); it goes on until flat, at most {@link #warmupMaxSeconds}. */
    public int warmupSeconds() { return intValue("warmup", 10); }
    public int warmupMaxSeconds() { return intValue("warmupMax", 120); }
    public int bucketSeconds() { return intValue("bucket", 5); }
    public int flatBuckets() { return intValue("flatBuckets", 3); }
    public double flatPercent() { return Double.parseDouble(get("flatPercent", "5").trim()); }
    public int durationSeconds() { return intValue("duration", 30); }
    public int maxBacklog() { return intValue("maxBacklog", 5_000); }
    public boolean profile() { return Boolean.parseBoolean(get("profile", "true")); }
    public int profileSeconds() { return intValue("profileSeconds", 15); }
    /** {@code batch} (adaptive batched start/results) or {@code per-id}. */
    public String agentProtocol() { return get("agentProtocol", "batch").trim(); }
    /** The lifecycle windows to measure: any of {@code single,batch}. */
    public Set<String> enqueueModes() {
        return Arrays.stream(get("enqueue", "single,batch").split(",")).map(String::trim).filter(x -> !x.isEmpty())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
    public int batchSize() { return intValue("batchSize", 100); }
    public int pollMax() { return intValue("pollMax", 100); }
    /** Requests per kind for the floor of an empty authenticated request and a rate-limited one. */
    public int floorRequests() { return intValue("floorRequests", 3000); }

    public List<Integer> latencyRates() {
        return Arrays.stream(get("latencyRates", "20").split(",")).map(String::trim)
                .filter(x -> !x.isEmpty()).map(Integer::parseInt).toList();
    }
    /** Lifecycle load during the loaded latency windows, in percent of the single-enqueue maximum. */
    public List<Integer> latencyLoads() {
        return Arrays.stream(get("latencyLoads", "50,80").split(",")).map(String::trim)
                .filter(x -> !x.isEmpty()).map(Integer::parseInt).toList();
    }
    /** Commands traced per loaded latency window (about). */
    public int tracers() { return intValue("tracers", 400); }
    public int latencyWarmupSeconds() { return intValue("latencyWarmup", 5); }
    public int latencySeconds() { return intValue("latencyDuration", 20); }

    public int heldPolls() { return intValue("heldPolls", 10_000); }
    public int heldWaitSeconds() { return intValue("heldWait", 60); }
    public int heldOpenPerSecond() { return intValue("heldOpenRate", 1_000); }

    /** Phases to skip: any of pg, floor, lifecycle, profile, latency, held (comma separated). */
    public Set<String> skip() {
        return Arrays.stream(get("skip", "").split(",")).map(String::trim).filter(x -> !x.isEmpty())
                .collect(Collectors.toSet());
    }

    // clone benchmark (CloneBench)
    public double pveTimeFactor() { return Double.parseDouble(get("factor", "0.02").trim()); }
    public int clones() { return intValue("clones", 100); }
    public String cloneNode() { return get("node", "pve1"); }
    public int cloneTemplate() { return intValue("template", 9000); }
    public int firstNewId() { return intValue("firstNewId", 1000); }
    public int sampleMillis() { return intValue("sampleMs", 1); }

    /** {@code commands} (single proxmox.clone commands) or {@code run} (one clone run). */
    public String cloneMode() { return get("mode", "commands").trim(); }
    // mode=run
    public boolean cloneFull() { return Boolean.parseBoolean(get("full", "false").trim()); }
    public String namePattern() { return get("namePattern", "bench-{n}"); }
    public int pollMillis() { return intValue("pollMs", 250); }
    public String vmidRange() { return get("vmidRange", "10000-19999").trim(); }

    /** Extra environment of the agent, {@code NAME=value} pairs separated by commas (CloneBench). */
    public Map<String, String> agentEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : get("agentEnv", "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return env;
    }

    // retention prune benchmark (PruneBench)
    public int pruneCommands() { return intValue("commands", 1_000_000); }
    public int pruneEventsPerCommand() { return intValue("events", 3); }
    public int pruneDutyPercent() { return intValue("duty", 20); }
    public int pruneChunkRows() { return intValue("chunkRows", 250); }
    public int pruneAgents() { return intValue("agents", 10); }
    public int pruneRate() { return intValue("rate", 20); }
    public int pruneWindowSeconds() { return intValue("window", 20); }
    public int pruneWindows() { return intValue("windows", 3); }
    public int pruneWarmupSeconds() { return intValue("warmup", 60); }

    // background tasks over a large simulated fleet (FleetTasksBench)
    public int fleetVms() { return intValue("vms", 10_000); }
    public int fleetNodes() { return intValue("nodes", 4); }
    public int fleetHeartbeatSeconds() { return intValue("heartbeatSeconds", 10); }
    public int fleetRuns() { return intValue("runs", 1); }
    /** The control plane's body limit for agents (its default when 0), to show what a smaller one refuses. */
    public int fleetMaxAgentBodyBytes() { return intValue("maxAgentBody", 0); }

    /** Relay benchmark: sequential 1x1 update round trips per path (after as many for warm-up). */
    public int relayProbes() { return intValue("probes", 5000); }
    /** Auth sessions started by {@code SessionsBench}. */
    public int sessions() { return intValue("sessions", 30); }
    /** Relay benchmark: seconds of full-screen (1024x768x4 bytes) updates per path. */
    public int relaySeconds() { return intValue("seconds", 10); }

    // fleet dashboard (DashboardBench)
    public int dashboardVms() { return intValue("vms", 1000); }
    public int dashboardAgents() { return intValue("agents", 10); }
    public int dashboardChangesPerSecond() { return intValue("changes", 100); }
    public int dashboardSeconds() { return intValue("seconds", 60); }
    public int dashboardSockets() { return intValue("dashboards", 50); }
    public int dashboardSnapshots() { return intValue("snapshots", 100); }

    // scale benchmark (ScaleBench): two control-plane instances, many agents with guests, command load alongside
    public int scaleAgents() { return intValue("agents", 1000); }
    public int scaleGuests() { return intValue("guests", 100); }
    /** Guest status changes per heartbeat of each agent. */
    public int scaleChanges() { return intValue("changes", 2); }
    /** Heartbeat sender threads (connections) per instance. */
    public int scaleSenders() { return intValue("senders", 50); }
    public int scaleWarmupSeconds() { return intValue("warmup", 40); }
    public int scaleWarmupMaxSeconds() { return intValue("warmupMax", 180); }
    public int scaleFlatPercent() { return intValue("flatPercent", 5); }
    public int scaleDurationSeconds() { return intValue("duration", 180); }
    /** Emulated agents of the command load (half on each instance). */
    public int scaleCommandAgents() { return intValue("cmdAgents", 20); }
    public int scaleCommandWorkers() { return intValue("cmdWorkers", 2); }
    /** Lifecycles per second asked (open loop, one command per POST), half enqueued on each instance. */
    public int scaleCommandRate() { return intValue("cmdRate", 200); }
    /** Enqueue threads per direction. */
    public int scaleCommandThreads() { return intValue("cmdThreads", 8); }
    /** The idle window (s): two instances, the command agents holding polls, no load; the fixed cost. */
    public int scaleIdleSeconds() { return intValue("idle", 20); }
    /** The fleet-alone window (s): heartbeats without command load; the cost of one heartbeat. */
    public int scaleFleetAloneSeconds() { return intValue("fleetAlone", 60); }
    /** The command-alone window (s) that gives the cost of one lifecycle; after {@code cmdWarmup} s. */
    public int scaleCommandAloneSeconds() { return intValue("cmdAlone", 60); }
    public int scaleCommandWarmupSeconds() { return intValue("cmdWarmup", 30); }
    /** Sizing: the fleet to size for, and the instances' cores and busy share. */
    public int sizeAgents() { return intValue("sizeAgents", 1000); }
    public int sizeGuests() { return intValue("sizeGuests", 100); }
    public int sizeCoresPerInstance() { return intValue("sizeCores", 2); }
    public int sizeBusyPercent() { return intValue("sizeBusy", 60); }

    public String payaraVersion() { return get("payaraVersion", "see build/pom.xml"); }

    /** Every setting read so far, as name=value, for the report. */
    public List<String> echo() {
        List<String> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }
}
