package io.corral.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the polls report as {@code have}. */
class ReceivedCommandsTest {

    private final ReceivedCommands received = new ReceivedCommands();

    @Test
    void listsWhatIsHeldNewestFirstUntilItIsFinished() {
        received.add("c-1");
        received.add("c-2");

        assertThat(received.have()).containsExactly("c-2", "c-1");

        received.finished("c-1");
        received.finished("never-received");

        assertThat(received.have()).containsExactly("c-2");
    }

    @Test
    void aCommandDeliveredTwiceIsListedUntilBothReceiptsAreOver() {
        received.add("c-1");
        received.add("c-1");

        received.finished("c-1");
        assertThat(received.have()).containsExactly("c-1");

        received.finished("c-1");
        assertThat(received.have()).isEmpty();
    }

    @Test
    void aLongListKeepsTheNewestWithinTheRequestLineBudget() {
        IntStream.range(0, 1000).forEach(i -> received.add(UUID.randomUUID().toString()));
        String newest = UUID.randomUUID().toString();
        received.add(newest);

        assertThat(received.have()).hasSizeBetween(150, 170).startsWith(newest);
        assertThat(String.join(",", received.have()).length()).isLessThanOrEqualTo(ReceivedCommands.MAX_LISTED_CHARS);
    }
}
