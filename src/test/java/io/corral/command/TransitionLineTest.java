package io.corral.command;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TransitionLineTest {
    private static final UUID COMMAND = UUID.fromString("5f17d573-ac0b-4ecc-828b-8cfd766239b6");
    private static final UUID AGENT = UUID.fromString("413ac165-39d8-4b0d-9074-9584cee9c6f4");

    @Test
    void aLeaseCarriesTheIdsTheTypeAndBothStates() {
        assertThat(TransitionLine.of(COMMAND, AGENT, "proxmox.list", CommandStatus.QUEUED, CommandStatus.LEASED,
                "agent", null)).isEqualTo("command=5f17d573-ac0b-4ecc-828b-8cfd766239b6 "
                + "agent=413ac165-39d8-4b0d-9074-9584cee9c6f4 type=proxmox.list from=queued to=leased actor=agent");
    }

    @Test
    void aNewCommandComesFromNewAndAFailureNamesItsErrorCode() {
        assertThat(TransitionLine.of(COMMAND, AGENT, null, null, CommandStatus.QUEUED, "admin", null))
                .endsWith(" from=new to=queued actor=admin").doesNotContain("type=").doesNotContain("error=");
        assertThat(TransitionLine.of(COMMAND, AGENT, null, CommandStatus.RUNNING, CommandStatus.FAILED, "agent",
                "PVE_ERROR")).endsWith(" from=running to=failed actor=agent error=PVE_ERROR");
    }

    @Test
    void valuesThatWouldBreakTheLineAreQuoted() {
        assertThat(TransitionLine.value("token:ops team")).isEqualTo("\"token:ops team\"");
        assertThat(TransitionLine.value("a=b")).isEqualTo("\"a=b\"");
        assertThat(TransitionLine.value("say \"hi\"\n")).isEqualTo("\"say \\\"hi\\\" \"");
        assertThat(TransitionLine.value("")).isEqualTo("\"\"");
        assertThat(TransitionLine.value("sweeper")).isEqualTo("sweeper");
    }
}
