package io.corral.agent.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.corral.agent.executor.CommandFailure;
import jakarta.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Address guard, host-key pins, config path globs and command templates, without a server. */
class SshSafetyTest {

    private final SshAddressGuard strict = new SshAddressGuard(false);
    private final SshAddressGuard loopbackAllowed = new SshAddressGuard(true);

    @Test
    void metadataAndLinkLocalAreAlwaysRefused() throws Exception {
        for (String host : List.of("169.254.169.254", "169.254.0.1", "fd00:ec2::254", "fe80::1", "fe80::abcd",
                "64:ff9b::a9fe:a9fe", "::ffff:169.254.169.254")) {
            assertThat(code(loopbackAllowed, host)).as(host).isEqualTo("SSH_TARGET_FORBIDDEN");
        }
    }

    @Test
    void loopbackOnlyWhenAllowed() throws Exception {
        for (String host : List.of("127.0.0.1", "127.1.2.3", "::1", "localhost", "0.0.0.0")) {
            assertThat(code(strict, host)).as(host).isEqualTo("SSH_TARGET_FORBIDDEN");
            assertThat(loopbackAllowed.resolve(host)).as(host).isNotNull();
        }
        assertThat(strict.forbidden(InetAddress.getByName("10.0.0.5"))).isNull();
        assertThat(strict.forbidden(InetAddress.getByName("2001:db8::5"))).isNull();
    }

    @Test
    void unresolvableNamesAreUnreachable() {
        assertThat(code(strict, "no-such-host.invalid")).isEqualTo("SSH_UNREACHABLE");
    }

    @Test
    void hostKeysMustCarryTheirType() throws Exception {
        String ed25519 = "ssh-ed25519 " + blob("ssh-ed25519", new byte[32]) + " root@web-1";
        PinnedHostKey key = PinnedHostKey.parse(ed25519);
        assertThat(key.type()).isEqualTo("ssh-ed25519");
        assertThat(key.algorithms()).isEqualTo("ssh-ed25519");
        assertThat(PinnedHostKey.parse("ssh-rsa " + blob("ssh-rsa", new byte[8])).algorithms())
                .isEqualTo("rsa-sha2-512,rsa-sha2-256");

        assertThatThrownBy(() -> PinnedHostKey.parse("ssh-rsa " + blob("ssh-ed25519", new byte[32])))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> PinnedHostKey.parse("ssh-dss " + blob("ssh-dss", new byte[8])))
                .hasMessageContaining("type one of");
        assertThatThrownBy(() -> PinnedHostKey.parse("ssh-ed25519 ###")).hasMessageContaining("base64");
    }

    @Test
    void hostKeyPinAcceptsExactlyThePinnedKey() throws Exception {
        PinnedHostKey key = PinnedHostKey.parse("ssh-ed25519 " + blob("ssh-ed25519", new byte[32]));
        HostKeyPin pin = new HostKeyPin(key);

        assertThat(pin.check("[127.0.0.1]:22", key.blob())).isEqualTo(HostKeyPin.OK);
        assertThat(pin.mismatchSeen()).isFalse();
        byte[] other = key.blob().clone();
        other[other.length - 1] = 1;
        assertThat(pin.check("[127.0.0.1]:22", other)).isEqualTo(HostKeyPin.CHANGED);
        assertThat(pin.mismatchSeen()).isTrue();
    }

    @Test
    void configGlobsStayInTheirDirectory() throws Exception {
        ConfigPaths paths = new ConfigPaths(List.of("/etc/corral/*.conf", "/srv/app/**/settings.json"));

        assertThat(paths.check("/etc/corral/a.conf")).isEqualTo("/etc/corral/a.conf");
        assertThat(paths.check("/srv/app/x/y/settings.json")).isEqualTo("/srv/app/x/y/settings.json");
        for (String path : List.of("/etc/corral/x/a.conf", "/etc/corral/a.conf.bak", "/etc/corral/./a.conf",
                "/srv/app/../../etc/settings.json", "/etc/corral/a b.conf", "/etc/corral/a?.conf", "/etc//corral/a.conf")) {
            assertThat(catchThrowableOfType(CommandFailure.class, () -> paths.check(path)).code()).as(path)
                    .isEqualTo("SSH_COMMAND_FORBIDDEN");
        }
    }

    @Test
    void quotingLeavesNothingForTheShell() {
        assertThat(ShellQuoting.commandLine(List.of("echo", "a b", "it's", "$(reboot)", "; rm -rf /")))
                .isEqualTo("'echo' 'a b' 'it'\\''s' '$(reboot)' '; rm -rf /'");
    }

    @Test
    void templatesFromTheFileOverrideAndExtendTheBuiltIns() throws Exception {
        Map<String, CommandTemplate> templates = CommandTemplates.parse("""
                {"uptime":{"argv":["uptime","-p"]},
                 "bad-placeholder":{"argv":["echo","{nope}"]},
                 "bad-program":{"argv":["{prog}"],"args":{"prog":{"type":"enum","values":["sh"]}}},
                 "bad-string":{"argv":["echo","{s}"],"args":{"s":{"type":"string"}}},
                 "Bad Name":{"argv":["true"]}}
                """, null);

        assertThat(templates.keySet()).containsExactlyInAnyOrder("uptime", "hostname");
        assertThat(templates.get("uptime").render(Json.createObjectBuilder().build())).containsExactly("uptime", "-p");
    }

    private static String code(SshAddressGuard guard, String host) {
        return catchThrowableOfType(CommandFailure.class, () -> guard.resolve(host)).code();
    }

    private static String blob(String type, byte[] body) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(name.length);
        out.write(name);
        out.writeInt(body.length);
        out.write(body);
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
