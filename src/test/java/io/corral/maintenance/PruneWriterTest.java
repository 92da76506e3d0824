package io.corral.maintenance;

import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PruneWriterTest {

    @Test
    void idsBecomeTheArrayTheirColumnNeeds() {
        UUID a = UUID.randomUUID();
        assertThat(PruneWriter.idArray(List.<Serializable>of(a))).isEqualTo(new UUID[] {a});
        assertThat(PruneWriter.idArray(List.<Serializable>of(1L, 2L))).isEqualTo(new Long[] {1L, 2L});
        assertThatThrownBy(() -> PruneWriter.idArray(List.<Serializable>of(1L, a)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
