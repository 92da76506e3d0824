package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedTest {

    @Test
    void theDefaultSeedHasTwoNodesTenGuestsThreeTemplates() {
        Seed seed = Seed.defaultSeed();
        assertThat(seed.nodes()).extracting(Seed.SeedNode::name).containsExactly("pve1", "pve2");
        List<Seed.SeedGuest> guests = seed.nodes().stream().flatMap(n -> n.guests().stream()).toList();
        assertThat(guests).hasSize(10);
        assertThat(guests).filteredOn(g -> Boolean.TRUE.equals(g.template()))
                .extracting(Seed.SeedGuest::vmid).containsExactlyInAnyOrder(9000, 9001, 9100);
    }

    @Test
    void rejectsDuplicateVmidsAndUnknownTypes() {
        assertThatThrownBy(() -> parse("""
                {"nodes":[{"name":"a","guests":[{"vmid":100,"type":"qemu"}]},
                          {"name":"b","guests":[{"vmid":100,"type":"lxc"}]}]}"""))
                .hasMessageContaining("VMID 100 appears twice");
        assertThatThrownBy(() -> parse("""
                {"nodes":[{"name":"a","guests":[{"vmid":100,"type":"docker"}]}]}"""))
                .hasMessageContaining("unknown guest type 'docker'");
    }

    private static Seed parse(String json) throws Exception {
        return Seed.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
