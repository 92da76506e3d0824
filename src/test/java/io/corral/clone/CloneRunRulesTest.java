package io.corral.clone;

import io.corral.platform.error.ValidationProblem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloneRunRulesTest {
    private static CloneRunRequest request(Integer count, String pattern) {
        return new CloneRunRequest("agent-1", "pve1", 9000, null, count, pattern, null, null, null, null, null, null);
    }

    private static void refused(CloneRunRequest r, String field) {
        assertThatThrownBy(() -> CloneRunRules.check(r)).isInstanceOf(ValidationProblem.class)
                .hasMessageStartingWith(field + ":");
    }

    @Test
    void aValidRequestPasses() {
        assertThatCode(() -> CloneRunRules.check(request(500, "worker-{n}"))).doesNotThrowAnyException();
    }

    @Test
    void countIsRequiredAndBounded() {
        refused(request(null, "w-{n}"), "count");
        refused(request(0, "w-{n}"), "count");
        refused(request(501, "w-{n}"), "count");
    }

    @Test
    void thePatternNeedsTheItemNumberAndMakesDnsNames() {
        refused(request(2, null), "namePattern");
        refused(request(2, "worker"), "namePattern");
        refused(request(2, "worker_{n}"), "namePattern");
        refused(request(2, "-{n}"), "namePattern");
    }

    @Test
    void theTemplateIsAVmOrAgentNodeAndVmid() {
        refused(new CloneRunRequest(null, "pve1", 9000, null, 1, "w-{n}", null, null, null, null, null, null), "agent");
        refused(new CloneRunRequest("a", null, 9000, null, 1, "w-{n}", null, null, null, null, null, null), "node");
        refused(new CloneRunRequest("a", "pve1", null, null, 1, "w-{n}", null, null, null, null, null, null), "vmid");
        refused(new CloneRunRequest("a", "pve1", 9000, "00000000-0000-0000-0000-000000000001", 1, "w-{n}", null, null,
                null, null, null, null), "vm");
        refused(new CloneRunRequest("a", "pve1", 99, null, 1, "w-{n}", null, null, null, null, null, null), "vmid");
    }

    @Test
    void proxmoxFormatsAreChecked() {
        refused(new CloneRunRequest("a", "pve_1", 9000, null, 1, "w-{n}", null, null, null, null, null, null), "node");
        refused(new CloneRunRequest("a", "pve1", 9000, null, 1, "w-{n}", "x y", null, null, null, null, null),
                "targetNode");
        refused(new CloneRunRequest("a", "pve1", 9000, null, 1, "w-{n}", null, null, "9lvm", null, null, null),
                "storage");
        refused(new CloneRunRequest("a", "pve1", 9000, null, 1, "w-{n}", null, null, null, null, List.of("ok", "no way"),
                null), "tags[1]");
    }
}
