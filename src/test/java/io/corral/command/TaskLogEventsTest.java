package io.corral.command;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaskLogEventsTest {

    private static List<String> readBack(List<String> details) {
        List<String> lines = new ArrayList<>();
        for (String d : details) {
            lines.addAll(TaskLogEvents.lines(new CommandEventView(OffsetDateTime.now(), "running", "running", "agent", d)));
        }
        return lines;
    }

    @Test
    void linesArePackedIntoEventsThatFitTheColumnAndReadBackWhole() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add("transferred " + i + ".0 GiB of 100.0 GiB (" + i + ".00%) " + "x".repeat(i * 7 % 300));
        }

        List<String> details = TaskLogEvents.details(lines);

        assertThat(details).hasSizeGreaterThan(1)
                .allSatisfy(d -> assertThat(d.length()).isLessThanOrEqualTo(TaskLogEvents.MAX_DETAIL))
                .allSatisfy(d -> assertThat(d).startsWith("task log\n"));
        assertThat(readBack(details)).isEqualTo(lines);
    }

    @Test
    void anOverlongLineIsCutSayingSoAndEmptyLinesSurvive() {
        List<String> details = TaskLogEvents.details(List.of("", "y".repeat(5000), "after"));

        List<String> back = readBack(details);
        assertThat(back).hasSize(3);
        assertThat(back.get(0)).isEmpty();
        assertThat(back.get(1)).startsWith("yyyy").endsWith("(line cut at 1991 characters)");
        assertThat(back.get(2)).isEqualTo("after");
        assertThat(details).allSatisfy(d -> assertThat(d.length()).isLessThanOrEqualTo(TaskLogEvents.MAX_DETAIL));
    }

    @Test
    void otherEventsCarryNoLog() {
        CommandEventView cancel = new CommandEventView(OffsetDateTime.now(), "running", "running", "x", "cancel requested");
        assertThat(TaskLogEvents.carriesLog(cancel)).isFalse();
        assertThat(TaskLogEvents.lines(cancel)).isEmpty();
    }
}
