package io.corral.agent.pve;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Lenient readers for Proxmox JSON. Proxmox is written in Perl: numbers sometimes arrive as
 * strings, booleans as 0/1, and optional fields are simply absent. Missing numbers read as 0.
 */
final class PveJson {

    private PveJson() {
    }

    static String string(JsonObject object, String key) {
        JsonValue value = object.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value.toString();
    }

    static long longValue(JsonObject object, String key) {
        JsonValue value = object.get(key);
        if (value instanceof JsonNumber n) {
            return n.isIntegral() ? n.longValue() : Math.round(n.doubleValue());
        }
        if (value instanceof JsonString s) {
            try {
                return Math.round(Double.parseDouble(s.getString().trim()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return value == JsonValue.TRUE ? 1 : 0;
    }

    static double doubleValue(JsonObject object, String key) {
        JsonValue value = object.get(key);
        if (value instanceof JsonNumber n) {
            return n.doubleValue();
        }
        if (value instanceof JsonString s) {
            try {
                return Double.parseDouble(s.getString().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    static boolean bool(JsonObject object, String key) {
        JsonValue value = object.get(key);
        if (value == JsonValue.TRUE) {
            return true;
        }
        if (value instanceof JsonNumber n) {
            return n.doubleValue() != 0;
        }
        if (value instanceof JsonString s) {
            String text = s.getString().trim();
            return text.equals("1") || text.equalsIgnoreCase("true");
        }
        return false;
    }
}
