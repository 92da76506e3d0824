package io.corral.it;

import io.corral.launcher.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** No secret of the running stack (admin password, bootstrap token, database password, agent token) in any log file. */
@ExtendWith(SharedStack.class)
class SecretsInLogsIT {

    @Test
    void noLogFileHoldsASecret() throws Exception {
        Stack stack = SharedStack.get();
        Map<String, String> secrets = Map.of("admin password", stack.adminPassword(), "bootstrap token", stack.apiToken(),
                "database password", stack.dbPassword(), "agent token", stack.agentToken());
        List<Path> logs;
        try (Stream<Path> files = Files.walk(stack.logDir())) {
            logs = files.filter(Files::isRegularFile).toList();
        }
        assertThat(logs).as("log files of " + stack.logDir()).isNotEmpty();
        for (Path log : logs) {
            String text = new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1);
            secrets.forEach((what, secret) -> assertThat(text.contains(secret)).as(what + " in " + log).isFalse());
        }
    }
}
