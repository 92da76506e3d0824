package io.corral.launcher;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PayaraThreadsTest {

    @Test
    void theControlPlanePoolDefaultsGiveWayToWhatIsConfiguredOrInherited() {
        assertThat(PayaraThreads.controlPlaneEnv(Map.of(), Map.of())).containsEntry("CORRAL_DELIVERY_THREADS", "2");
        assertThat(PayaraThreads.controlPlaneEnv(Map.of("CORRAL_DELIVERY_THREADS", "8"), Map.of())).isEmpty();
        assertThat(PayaraThreads.controlPlaneEnv(Map.of(), Map.of("CORRAL_DELIVERY_THREADS", "6"))).isEmpty();
    }

    @Test
    void everyPrebootSettingIsADottedNameWithAValue() {
        assertThat(PayaraThreads.PREBOOT_COMMANDS).allSatisfy(s -> assertThat(s).matches("[a-z][\\w.:/-]*=-?\\d+"));
    }
}
