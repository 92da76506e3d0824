package io.corral.agent.proxy;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A clone request: {@code POST /api2/json|extjs/nodes/{node}/qemu|lxc/{vmid}/clone}. The path is
 * matched after percent-decoding and collapsing slashes, as Proxmox reads it, so that a spelling
 * such as {@code clon%65} or {@code //clone/} cannot slip past the gate.
 */
record CloneRequest(String node, String type, int vmid) {

    private static final Pattern CLONE = Pattern.compile(
            "/api2/(?:json|extjs)/nodes/([^/]+)/(qemu|lxc)/(\\d{1,9})/clone");

    static Optional<CloneRequest> match(String method, String rawPath) {
        if (!"POST".equalsIgnoreCase(method)) {
            return Optional.empty();
        }
        String path = decodePath(rawPath).replaceAll("/{2,}", "/");
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Matcher m = CLONE.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new CloneRequest(m.group(1), m.group(2).toLowerCase(Locale.ROOT),
                Integer.parseInt(m.group(3))));
    }

    /** {@code node/type/vmid}, for log lines. */
    String source() {
        return node + "/" + type + "/" + vmid;
    }

    /**
     * The {@code storage} parameter, from the query string or the body (form-encoded or JSON, the
     * two encodings Proxmox accepts), or null.
     */
    static String storageParameter(String query, String contentType, byte[] body) {
        String fromQuery = formParameter(query, "storage");
        if (fromQuery != null) {
            return fromQuery;
        }
        if (body == null || body.length == 0) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")) {
            try (JsonReader reader = Json.createReader(new StringReader(text))) {
                JsonValue value = reader.readValue();
                if (value instanceof JsonObject object && object.get("storage") instanceof JsonString s) {
                    return blankToNull(s.getString());
                }
                return null;
            } catch (JsonException e) {
                return null;
            }
        }
        return formParameter(text, "storage");
    }

    private static String formParameter(String form, String name) {
        if (form == null || form.isEmpty()) {
            return null;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = decodeForm(eq < 0 ? pair : pair.substring(0, eq));
            if (key.equals(name)) {
                return blankToNull(eq < 0 ? "" : decodeForm(pair.substring(eq + 1)));
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String decodeForm(String text) {
        return decode(text.replace('+', ' '));
    }

    static String decodePath(String text) {
        return decode(text);
    }

    // Lenient percent-decoding: a malformed escape stays as it is (Proxmox would refuse the path).
    private static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                byte[] encoded = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String text, int index) {
        return index < text.length() && Character.digit(text.charAt(index), 16) >= 0;
    }
}
