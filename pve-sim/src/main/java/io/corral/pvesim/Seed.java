package io.corral.pvesim;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fleet a simulator starts with: nodes and their guests. Read from JSON
 * ({@code {"nodes":[{"name":"pve1","maxcpu":16,"guests":[{"vmid":100,"type":"qemu",...}]}]}});
 * omitted numbers get plausible defaults when the state is built.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Seed(List<SeedNode> nodes) {

    private static final String DEFAULT_RESOURCE = "/default-seed.json";

    public Seed {
        nodes = List.copyOf(nodes == null ? List.of() : nodes);
        checkUnique(nodes);
    }

    /** Two nodes, ten guests, three of them templates (see {@code default-seed.json}). */
    public static Seed defaultSeed() {
        try (InputStream in = Seed.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    public static Seed load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seed file " + file, e);
        }
    }

    public static Seed parse(InputStream json) throws IOException {
        return Json.MAPPER.readValue(json, Seed.class);
    }

    private static void checkUnique(List<SeedNode> nodes) {
        Set<String> names = new HashSet<>();
        Set<Integer> vmids = new HashSet<>();
        for (SeedNode node : nodes) {
            if (node.name() == null || !names.add(node.name())) {
                throw new IllegalArgumentException("seed: node name missing or duplicate: " + node.name());
            }
            for (SeedGuest guest : node.guests()) {
                if (!vmids.add(guest.vmid())) {
                    throw new IllegalArgumentException("seed: VMID " + guest.vmid() + " appears twice");
                }
            }
        }
    }

    /** A cluster node; memory and disk in bytes, cpu as a fraction of maxcpu. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SeedNode(String name, Integer maxcpu, Long maxmem, Long mem, Long maxdisk, Long disk,
                           Double cpu, List<SeedGuest> guests) {
        public SeedNode {
            guests = List.copyOf(guests == null ? List.of() : guests);
        }
    }

    /**
     * A guest; {@code type} is {@code qemu} or {@code lxc}, {@code status} running, stopped or
     * paused, {@code lock} an optional config lock (e.g. {@code clone}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SeedGuest(int vmid, String type, String name, String status, Boolean template,
                            Integer cores, Long maxmem, Long mem, Long maxdisk, Long disk, Double cpu,
                            String lock) {
        public SeedGuest {
            if (vmid < 100) {
                throw new IllegalArgumentException("seed: VMID " + vmid + " is below 100");
            }
            GuestType.fromApiName(type);
            RunState.fromSeed(status);
        }
    }
}
