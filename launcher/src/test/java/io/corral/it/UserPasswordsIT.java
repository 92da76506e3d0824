package io.corral.it;

import io.corral.launcher.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The password policy of console users through the API: each refusal is a 400 with its own code. */
@ExtendWith(SharedStack.class)
class UserPasswordsIT {

    @Test
    void weakPasswordsAreRefusedOnCreateAndOnChange() {
        Stack stack = SharedStack.get();
        Api admin = new Api(stack.apiUrl(), stack.apiToken());
        String name = "it-pw-" + UUID.randomUUID().toString().substring(0, 8);
        assertRefused(admin.post("/users", user(name, "short")), "PASSWORD_TOO_SHORT");
        assertRefused(admin.post("/users", user(name, name + "-" + name)), "PASSWORD_IS_USER_NAME");
        assertRefused(admin.post("/users", user(name, "Password1234")), "PASSWORD_TOO_COMMON");
        assertThat(admin.get("/users").body()).as("no user made").doesNotContain(name);

        Api.Reply created = admin.post("/users", user(name, "violet-harbour-" + UUID.randomUUID()));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertRefused(admin.send("PATCH", "/users/" + id, "application/json", "{\"password\":\"qwerty123456\"}"),
                "PASSWORD_TOO_COMMON");
        assertThat(admin.send("PATCH", "/users/" + id, "application/json", "{\"enabled\":false}").status()).isEqualTo(200);
    }

    private static String user(String name, String password) {
        return "{\"username\":\"" + name + "\",\"password\":\"" + password + "\",\"role\":\"viewer\"}";
    }

    private static void assertRefused(Api.Reply reply, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().path("code").asText()).isEqualTo(code);
        assertThat(reply.json().path("message").asText()).startsWith("password: ");
    }
}
