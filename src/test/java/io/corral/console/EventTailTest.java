package io.corral.console;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventTailTest {

    @Test
    void anIdCommittedLateIsAskedForUntilItShows() {
        EventTail tail = new EventTail(10, 5000);
        // 12 and 13 are visible, 11 is not yet (its transaction commits later).
        tail.seen(List.of(12L, 13L), 1000);
        assertThat(tail.lastId()).isEqualTo(13);
        assertThat(tail.holes(1000)).containsExactly(11L);
        // The next read asks for id > 13 or id in (11); 11 shows now.
        tail.seen(List.of(11L, 14L), 1200);
        assertThat(tail.holes(1200)).isEmpty();
        assertThat(tail.lastId()).isEqualTo(14);
    }

    @Test
    void anIdThatNeverShowsIsGivenUpAfterItsDeadline() {
        EventTail tail = new EventTail(0, 5000);
        tail.seen(List.of(1L, 3L), 1000);
        assertThat(tail.holes(5999)).containsExactly(2L);
        assertThat(tail.holes(6001)).isEmpty();
    }

    @Test
    void nothingNewChangesNothing() {
        EventTail tail = new EventTail(7, 5000);
        tail.seen(List.of(), 1000);
        assertThat(tail.lastId()).isEqualTo(7);
        assertThat(tail.holes(1000)).isEmpty();
    }
}
