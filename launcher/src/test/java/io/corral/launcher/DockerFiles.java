package io.corral.launcher;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's {@code docker/} directory as the tests read it: paths, Dockerfile instructions, pom values. */
final class DockerFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerFiles() {
    }

    /** The repository root: the first directory upwards from the working directory with {@code build/pom.xml}. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("build/pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no build/pom.xml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path docker() {
        return root().resolve("docker");
    }

    /** One instruction of a Dockerfile, continuation lines joined: {@code FROM}, {@code COPY}, … and the rest of the line. */
    record Instruction(String keyword, String arguments) {

        /** The exec form (JSON array) of ENTRYPOINT, CMD or a HEALTHCHECK's CMD. */
        List<String> execForm() throws IOException {
            String json = keyword.equals("HEALTHCHECK") ? arguments.substring(arguments.indexOf("CMD ") + 4) : arguments;
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        }

        /** COPY's words without its {@code --chown=…} style flags: sources then destination. */
        List<String> copyWords() {
            return List.of(arguments.trim().split("\\s+")).stream().filter(w -> !w.startsWith("--")).toList();
        }
    }

    static List<Instruction> dockerfile(String image) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(docker().resolve(image).resolve("Dockerfile"))) {
            String trimmed = line.strip();
            if (pending.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String text = pending.toString().strip();
            pending.setLength(0);
            int space = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException(image + "/Dockerfile ends inside a continued line");
        }
        return instructions;
    }

    static Instruction only(List<Instruction> instructions, String keyword) {
        List<Instruction> found = instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + keyword + ", found " + found.size());
        }
        return found.get(0);
    }

    /** The destination of the COPY whose source is {@code source}. */
    static Optional<String> copyDestination(List<Instruction> instructions, String source) {
        return instructions.stream().filter(i -> i.keyword().equals("COPY"))
                .map(Instruction::copyWords)
                .filter(words -> words.size() == 2 && words.get(0).equals(source))
                .map(words -> words.get(1))
                .findFirst();
    }

    /** The value that follows {@code flag} in an exec-form command line. */
    static Optional<String> flagValue(List<String> command, String flag) {
        int at = command.indexOf(flag);
        return at < 0 || at + 1 >= command.size() ? Optional.empty() : Optional.of(command.get(at + 1));
    }

    /** The text of the first {@code <element>} in a pom of the repository. */
    static String pomValue(String pom, String element) throws IOException {
        Matcher m = Pattern.compile("<" + element + ">([^<]+)</" + element + ">")
                .matcher(Files.readString(root().resolve(pom)));
        if (!m.find()) {
            throw new IllegalStateException("no <" + element + "> in " + pom);
        }
        return m.group(1).strip();
    }

    /** The commands of a pre-boot command file: its lines less comments and blank lines. */
    static List<String> prebootCommands(String image) throws IOException {
        return Files.readAllLines(docker().resolve(image).resolve("preboot.asadmin")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }
}
