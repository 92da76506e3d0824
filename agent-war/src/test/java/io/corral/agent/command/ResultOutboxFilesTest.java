package io.corral.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outbox files are the agent's own: owner-only, and never written through a planted link. */
class ResultOutboxFilesTest {

    @Test
    void resultsAreWrittenOwnerOnly(@TempDir Path dataDir) throws Exception {
        ResultOutbox outbox = new ResultOutbox(dataDir);

        outbox.save(CommandResult.succeeded("c-1", Json.createObjectBuilder().add("ok", true).build()));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outbox.dir())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outbox.dir().resolve("c-1.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aPlantedSymbolicLinkIsNotFollowed(@TempDir Path dataDir) throws Exception {
        Path victim = Files.writeString(dataDir.resolve("victim.txt"), "precious\n");
        ResultOutbox outbox = new ResultOutbox(dataDir);
        Files.createDirectories(outbox.dir());
        Files.createSymbolicLink(outbox.dir().resolve(".c-2.json.tmp"), victim);
        Files.createSymbolicLink(outbox.dir().resolve("c-2.json"), victim);

        outbox.save(CommandResult.failed("c-2", "PVE_ERROR", "boom"));

        assertThat(Files.readString(victim)).isEqualTo("precious\n");
        assertThat(Files.isSymbolicLink(outbox.dir().resolve("c-2.json"))).isFalse();
        assertThat(Files.isRegularFile(outbox.dir().resolve("c-2.json"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(outbox.load()).extracting(CommandResult::commandId).containsExactly("c-2");
    }
}
