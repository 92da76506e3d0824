package io.corral.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void lastLinesWithoutColourCodes() throws Exception {
        Path log = dir.resolve("x.log");
        Files.writeString(log, IntStream.rangeClosed(1, 100).mapToObj(i -> "\u001B[1;91mline " + i + "\u001B[0m")
                .collect(Collectors.joining("\n", "", "\n")));

        String tail = LogTail.read(log, 3);

        assertThat(tail).isEqualTo("line 98\nline 99\nline 100");
    }

    @Test
    void aMissingLogIsSaidSo() {
        assertThat(LogTail.read(dir.resolve("none.log"), 40)).contains("no log");
    }
}
