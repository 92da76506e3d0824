package io.corral.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The last lines of a log file, without Payara's colour codes, for error messages. */
final class LogTail {

    private static final int MAX_BYTES = 256 * 1024;
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    private LogTail() {
    }

    static String read(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no log " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            String text = ANSI.matcher(new String(bytes, StandardCharsets.UTF_8)).replaceAll("");
            List<String> all = Arrays.asList(text.split("\\R"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
