package io.corral.platform.json;

import io.corral.platform.error.ApiException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads a request body into a record, strictly: JSON-B (Yasson) reads the first value and
 * ignores what follows, coerces {@code true} into a String and decodes bytes leniently, so
 * bodies are parsed here with JSON-P and bound with exact type checks instead.
 * Malformed input is {@code 400 BAD_JSON}; see {@link JsonBinder} for the field checks.
 */
public final class StrictJson {
    /** Parsson keeps the last of duplicate keys; a body that says two things is refused instead. */
    private static final JsonParserFactory PARSERS = JsonProvider.provider()
            .createParserFactory(Map.of("org.eclipse.parsson.rejectDuplicateKeys", true));

    private StrictJson() {
    }

    /**
     * The body as an instance of {@code type}, a record.
     *
     * @param allowUnknownFields ignore fields the record does not declare (the agent API only)
     * @throws ApiException 400 {@code BAD_JSON} or {@code VALIDATION_FAILED}, the message naming
     *                      {@code body} or the field path (e.g. {@code nodes[1].name})
     */
    public static <T> T read(byte[] body, Class<T> type, boolean allowUnknownFields) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " is not a record");
        }
        JsonValue value = parse(body);
        if (!(value instanceof JsonObject)) {
            throw malformed("a JSON object is required");
        }
        return type.cast(new JsonBinder(allowUnknownFields).bindRecord((JsonObject) value, type, ""));
    }

    /** Exactly one JSON value, from strictly decoded UTF-8, with nothing but whitespace after it. */
    static JsonValue parse(byte[] body) {
        String text = utf8(body);
        if (text.isBlank()) {
            throw malformed("a JSON object is required");
        }
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            parser.next();
            JsonValue value = parser.getValue();
            endOfInput(parser);
            return value;
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            // Besides JsonParsingException, Parsson reports a duplicate key as IllegalStateException
            // and nesting deeper than 1000 as a bare RuntimeException: all are the body's fault.
            throw malformed("malformed JSON: " + firstLine(e.getMessage()));
        }
    }

    private static void endOfInput(JsonParser parser) {
        boolean more;
        try {
            more = parser.hasNext();
        } catch (JsonParsingException e) {
            more = true; // Parsson throws rather than answering true when something follows the value.
        }
        if (more) {
            throw malformed("trailing content after the JSON value");
        }
    }

    /** Decodes with REPORT: the default decoders replace bad bytes with U+FFFD silently. */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("not valid UTF-8");
        }
    }

    private static ApiException malformed(String problem) {
        return new ApiException(400, "BAD_JSON", "body: " + problem);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
