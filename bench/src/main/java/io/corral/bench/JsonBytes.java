package io.corral.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Arrays;

/**
 * JSON for the load generator's hot path: request bodies written by hand into a reused byte
 * buffer (ids, numbers and fixed words only, nothing to escape), and answers read with Jackson's
 * streaming parser, taking only the fields the benchmark needs and skipping the rest.
 */
final class JsonBytes {

    private static final JsonFactory FACTORY = new JsonFactory();

    private byte[] buf = new byte[4096];
    private int length;

    JsonBytes reset() {
        length = 0;
        return this;
    }

    JsonBytes raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[length++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    JsonBytes raw(byte[] ascii) {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, buf, length, ascii.length);
        length += ascii.length;
        return this;
    }

    /** A string value that needs no escaping (ids, codes). */
    JsonBytes string(String s) {
        return raw("\"").raw(s).raw("\"");
    }

    JsonBytes number(long v) {
        return raw(Long.toString(v));
    }

    /** Drops a trailing comma, if any (after writing list items each followed by one). */
    JsonBytes trimComma() {
        if (length > 0 && buf[length - 1] == ',') {
            length--;
        }
        return this;
    }

    byte[] bytes() { return buf; }
    int length() { return length; }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }

    // ---- reading ----

    interface CommandSink {
        void command(String id, long n);
    }

    interface ItemSink {
        /** One item of a batch answer: its status (per-item HTTP status) and error code, if any. */
        void item(int status, String code);
    }

    interface StartSink {
        void started(String id);

        void refused(String id, String code);
    }

    /** {@code {"commands":[{"id":…,"payload":{"n":…},…}],…}}: each command's id and payload n (-1 if none). */
    static void commands(byte[] b, int len, CommandSink sink) throws IOException {
        try (JsonParser p = FACTORY.createParser(b, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!field.equals("commands") || t != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String id = null;
                    long n = -1;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken v = p.nextToken();
                        if (f.equals("id")) {
                            id = p.getText();
                        } else if (f.equals("payload") && v == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String pf = p.currentName();
                                p.nextToken();
                                if (pf.equals("n")) {
                                    n = p.getValueAsLong(-1);
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    sink.command(id, n);
                }
            }
        }
    }

    /** {@code {"started":[ids],"refused":[{"id","code"}]}}. */
    static void startAnswer(byte[] b, int len, StartSink sink) throws IOException {
        try (JsonParser p = FACTORY.createParser(b, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("started") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.VALUE_STRING) {
                        sink.started(p.getText());
                    }
                } else if (field.equals("refused") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String id = null;
                        String code = null;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            if (f.equals("id")) {
                                id = p.getText();
                            } else if (f.equals("code")) {
                                code = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                        sink.refused(id, code);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    /**
     * {@code {"items":[{"status":int,"code"?,"error"?:{"code"},…}]}} (results and batch enqueue
     * answers): each item's status and error code.
     */
    static void items(byte[] b, int len, ItemSink sink) throws IOException {
        try (JsonParser p = FACTORY.createParser(b, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!field.equals("items") || t != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    int status = 0;
                    String code = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken v = p.nextToken();
                        if (f.equals("status") && v == JsonToken.VALUE_NUMBER_INT) {
                            status = p.getIntValue();
                        } else if (f.equals("code") && v == JsonToken.VALUE_STRING) {
                            code = p.getText();
                        } else if (f.equals("error") && v == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String ef = p.currentName();
                                p.nextToken();
                                if (ef.equals("code")) {
                                    code = p.getText();
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    sink.item(status, code);
                }
            }
        }
    }
}
