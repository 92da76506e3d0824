package io.corral.fleet;

import io.corral.platform.error.ApiException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetRulesTest {
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh1c2VybmFtZWF0aG9zdGtleXRlc3RrZXkxMjM0NTY=";

    @Test
    void metadataLinkLocalAndLoopbackAreRefused() throws Exception {
        assertThat(TargetAddressGuard.refusal(InetAddress.getByName("169.254.169.254"), true)).contains("link-local");
        assertThat(TargetAddressGuard.refusal(InetAddress.getByName("fe80::1"), true)).contains("link-local");
        assertThat(TargetAddressGuard.refusal(InetAddress.getByName("fd00:ec2::254"), true)).contains("metadata");
        assertThat(TargetAddressGuard.refusal(InetAddress.getByName("0.0.0.0"), true)).isNotNull();
        assertThat(TargetAddressGuard.refusal(InetAddress.getByName("127.0.0.1"), false)).contains("loopback");
        assertThat(TargetAddressGuard.refusal(InetAddress.getByName("127.0.0.1"), true)).isNull();
        assertThat(TargetAddressGuard.refusal(InetAddress.getByName("10.0.0.5"), false)).isNull();
        assertThatThrownBy(() -> TargetAddressGuard.check("169.254.169.254", true))
                .isInstanceOf(ApiException.class).hasMessageContaining("169.254.169.254");
    }

    @Test
    void requestsAreValidatedFieldByField() {
        TargetService.validate(new TargetRequest("web-1", "10.0.0.5", 22, "corral", "web-key", KEY, "pve1", 100));
        assertThatThrownBy(() -> TargetService.validate(new TargetRequest("web-1", "10.0.0.5", 22, "corral",
                "-----BEGIN OPENSSH PRIVATE KEY-----", KEY, null, null))).hasMessageStartingWith("keyRef");
        assertThatThrownBy(() -> TargetService.validate(new TargetRequest("web-1", "10.0.0.5", 22, "corral", "k",
                "ssh-ed25519 not-base64!", null, null))).hasMessageStartingWith("hostKey");
        assertThatThrownBy(() -> TargetService.validate(new TargetRequest("web-1", "10.0.0.5", 70000, "corral", "k",
                KEY, null, null))).hasMessageStartingWith("port");
        assertThatThrownBy(() -> TargetService.validate(new TargetRequest("web-1", "a b", 22, "corral", "k", KEY,
                null, null))).hasMessageStartingWith("host");
        assertThatThrownBy(() -> TargetService.validate(new TargetRequest("web-1", "h", 22, "Root;", "k", KEY,
                null, null))).hasMessageStartingWith("user");
    }
}
