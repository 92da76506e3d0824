package io.corral.it;

import io.corral.launcher.Stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls the simulated Proxmox directly, as an operator or another tool would. */
final class PveCalls {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PveCalls() {
    }

    static String post(Stack stack, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(stack.simulator().baseUrl() + path))
                .header("Authorization", "PVEAPIToken=" + stack.pveToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("Proxmox answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
