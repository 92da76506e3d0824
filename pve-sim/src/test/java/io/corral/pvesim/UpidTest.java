package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UpidTest {

    @Test
    void formatsAsPveDoes() {
        Upid upid = new Upid("pve1", 0x1A2B3, 0x0A1B2C3D, 0x6742F0A1, "qmstart", "100", "root@pam!corral");
        assertThat(upid.toString()).isEqualTo("UPID:pve1:0001A2B3:0A1B2C3D:6742F0A1:qmstart:100:root@pam!corral:");
    }

    @Test
    void parsesWhatItFormats() {
        String text = "UPID:pve2:0001A2B3:0A1B2C3D:6742F0A1:vzstop:201:root@pam:";
        Upid upid = Upid.parse(text);
        assertThat(upid.node()).isEqualTo("pve2");
        assertThat(upid.starttime()).isEqualTo(0x6742F0A1L);
        assertThat(upid.type()).isEqualTo("vzstop");
        assertThat(upid.user()).isEqualTo("root@pam");
        assertThat(upid.toString()).isEqualTo(text);
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> Upid.parse("UPID:pve1:xyz")).isInstanceOf(IllegalArgumentException.class);
    }
}
