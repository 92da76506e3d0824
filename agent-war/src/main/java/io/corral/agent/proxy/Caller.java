package io.corral.agent.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who sent a request, as far as the proxy can tell before Proxmox is asked: the peer's address and
 * the credentials it presents. Never holds more of a credential than its token ID or user name and
 * a hash (for the check cache); log lines use {@link #toString()}.
 *
 * @param address  the peer's IP address
 * @param kind     what credentials the request carries
 * @param identity the client for the clone gate's per-client share: the token ID, the ticket's user,
 *                 or (without credentials of its own) the address
 * @param hash     SHA-256 of the presented credentials (Authorization and ticket cookie), or null
 */
record Caller(String address, Kind kind, String identity, String hash) {

    enum Kind {
        /** Neither an {@code Authorization} header nor a {@code PVEAuthCookie}. */
        NONE,
        /** Its own Proxmox credentials: Proxmox decides. */
        OWN,
        /** {@code agent} mode: the right proxy credential. */
        PROXY_CREDENTIAL,
        /** {@code agent} mode: the proxy credential's token ID with a wrong secret. */
        WRONG_PROXY_CREDENTIAL
    }

    /** @param credential the proxy credential ({@code agent} mode), or null */
    static Caller of(HttpServerExchange exchange, ProxyCredential credential) {
        String address = address(exchange);
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        String ticket = ticket(exchange);
        if (authorization == null && ticket == null) {
            return new Caller(address, Kind.NONE, "address " + address, null);
        }
        if (credential != null && ProxyCredential.names(authorization)) {
            return credential.matches(authorization)
                    ? new Caller(address, Kind.PROXY_CREDENTIAL, "proxy credential from " + address, null)
                    : new Caller(address, Kind.WRONG_PROXY_CREDENTIAL, "address " + address, null);
        }
        String identity;
        if (authorization != null) {
            identity = authorization.startsWith("PVEAPIToken=") ? "token " + tokenId(authorization)
                    : "authorization from " + address;
        } else {
            identity = "user " + ticketUser(ticket);
        }
        return new Caller(address, Kind.OWN, identity, sha256(authorization + "\n" + ticket));
    }

    static String address(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        if (peer == null) {
            return "unknown";
        }
        return peer.getAddress() == null ? peer.getHostString() : peer.getAddress().getHostAddress();
    }

    /** The token ID of {@code PVEAPIToken=user@realm!name=secret} (secret never included). */
    private static String tokenId(String authorization) {
        String rest = authorization.substring("PVEAPIToken=".length());
        int end = rest.indexOf('=');
        String id = (end < 0 ? rest : rest.substring(0, end)).trim();
        return id.length() > 128 ? id.substring(0, 128) : id;
    }

    private static String ticket(HttpServerExchange exchange) {
        HeaderValues cookies = exchange.getRequestHeaders().get(Headers.COOKIE);
        if (cookies == null) {
            return null;
        }
        for (String header : cookies) {
            for (String cookie : header.split(";")) {
                String trimmed = cookie.trim();
                if (trimmed.startsWith("PVEAuthCookie=")) {
                    return trimmed.substring("PVEAuthCookie=".length());
                }
            }
        }
        return null;
    }

    /** {@code PVE:user@realm:HEX::signature}: the user (the signature is never kept). */
    private static String ticketUser(String cookie) {
        String ticket;
        try {
            ticket = URLDecoder.decode(cookie, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            ticket = cookie;
        }
        String[] parts = ticket.split(":", 3);
        String user = parts.length >= 2 ? parts[1] : "?";
        return user.length() > 128 ? user.substring(0, 128) : user;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return address + (kind == Kind.NONE ? "" : " (" + identity + ")");
    }
}
