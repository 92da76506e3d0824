package io.corral.platform.json;

import io.corral.platform.error.ApiException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class StrictJsonTest {
    record Node(@NotNull String name, Integer vmid) {
    }

    record Request(@Size(max = 5) String name, Integer count, Long big, Double ratio, Boolean flag,
                   @Size(max = 2) List<@Size(max = 3) String> tags, List<Node> nodes, UUID id,
                   OffsetDateTime at, JsonObject payload, JsonValue result, JsonArray items) {
    }

    record Primitive(int count, boolean flag) {
    }

    record Checked(String value) {
        Checked {
            if ("bad".equals(value)) {
                throw new IllegalArgumentException("refused by the record");
            }
        }
    }

    private static Request read(String json) {
        return StrictJson.read(json.getBytes(StandardCharsets.UTF_8), Request.class, false);
    }

    private static ApiException refused(String json) {
        return refused(json.getBytes(StandardCharsets.UTF_8), Request.class, false);
    }

    private static ApiException refused(byte[] body, Class<?> type, boolean tolerant) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> StrictJson.read(body, type, tolerant));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        return e;
    }

    private static void badJson(String json, String message) {
        ApiException e = refused(json);
        assertThat(e.code()).isEqualTo("BAD_JSON");
        assertThat(e.getMessage()).isEqualTo(message);
    }

    private static void invalid(String json, String message) {
        ApiException e = refused(json);
        assertThat(e.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void bindsEveryTypeExactly() {
        Request r = read("""
                {"name":"ab","count":7,"big":1099511627776,"ratio":1.5,"flag":false,"tags":["x","yz"],
                 "nodes":[{"name":"pve1","vmid":100}],"id":"6F1C8A34-6c4e-4a65-9c39-0e7f7a6d3a11",
                 "at":"2030-01-31T12:00:00+02:00","payload":{"k":[1,{"n":null}]},"result":"done","items":[true]}
                """);
        assertThat(r.name()).isEqualTo("ab");
        assertThat(r.count()).isEqualTo(7);
        assertThat(r.big()).isEqualTo(1L << 40);
        assertThat(r.ratio()).isEqualTo(1.5);
        assertThat(r.flag()).isFalse();
        assertThat(r.tags()).containsExactly("x", "yz");
        assertThat(r.nodes()).containsExactly(new Node("pve1", 100));
        assertThat(r.id()).isEqualTo(UUID.fromString("6f1c8a34-6c4e-4a65-9c39-0e7f7a6d3a11"));
        assertThat(r.at()).isEqualTo(OffsetDateTime.of(2030, 1, 31, 12, 0, 0, 0, ZoneOffset.ofHours(2)));
        assertThat(r.payload().toString()).isEqualTo("{\"k\":[1,{\"n\":null}]}");
        assertThat(r.result()).isEqualTo(jakarta.json.Json.createValue("done"));
        assertThat(r.items()).containsExactly(JsonValue.TRUE);
    }

    @Test
    void absentAndNullAreNullAndWhitespaceAroundTheValueIsFine() {
        Request r = read(" \r\n\t{\"name\":null,\"payload\":null,\"result\":null} \n ");
        assertThat(r).isEqualTo(new Request(null, null, null, null, null, null, null, null, null, null, null, null));
    }

    @Test
    void integralNumbersInRangeOnly() {
        assertThat(read("{\"count\":1.0}").count()).isEqualTo(1);
        assertThat(read("{\"count\":1e2}").count()).isEqualTo(100);
        assertThat(read("{\"count\":-2147483648}").count()).isEqualTo(Integer.MIN_VALUE);
        badJson("{\"count\":\"5\"}", "count: must be an integer");
        badJson("{\"count\":1.5}", "count: must be an integer");
        badJson("{\"count\":true}", "count: must be an integer");
        badJson("{\"count\":1099511627776}", "count: must be an integer from -2147483648 to 2147483647");
        badJson("{\"count\":1e999999999}", "count: must be an integer from -2147483648 to 2147483647");
        badJson("{\"big\":9223372036854775808}",
                "big: must be an integer from -9223372036854775808 to 9223372036854775807");
        badJson("{\"ratio\":\"1.5\"}", "ratio: must be a number");
        badJson("{\"ratio\":1e400}", "ratio: must be a number within the range of a double");
    }

    @Test
    void stringsTakeOnlyJsonStrings() {
        badJson("{\"name\":true}", "name: must be a string");
        badJson("{\"name\":[]}", "name: must be a string");
        badJson("{\"name\":12}", "name: must be a string");
        badJson("{\"name\":{}}", "name: must be a string");
        badJson("{\"flag\":\"true\"}", "flag: must be true or false");
        badJson("{\"flag\":1}", "flag: must be true or false");
    }

    @Test
    void sizesAreCheckedInCharactersAndElements() {
        invalid("{\"name\":\"abcdef\"}", "name: must be at most 5 characters");
        assertThat(read("{\"name\":\"\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\"}").name())
                .as("five emoji are five characters for varchar(5)").hasSize(10);
        invalid("{\"tags\":[\"a\",\"b\",\"c\"]}", "tags: must be at most 2 elements");
        invalid("{\"tags\":[\"a\",\"long\"]}", "tags[1]: must be at most 3 characters");
        invalid("{\"tags\":[\"a\",null]}", "tags[1]: must not be null");
    }

    @Test
    void textPostgresqlWouldRefuseIsRefusedHere() {
        invalid("{\"name\":\"a\\u0000b\"}", "name: must not contain the character U+0000");
        invalid("{\"name\":\"a\\ud800\"}", "name: must not contain an unpaired surrogate");
        invalid("{\"payload\":{\"k\":[\"x\\u0000\"]}}", "payload.k[0]: must not contain the character U+0000");
        invalid("{\"at\":\"+10000-01-01T00:00:00Z\"}", "at: must be between the years 0001 and 9999");
    }

    @Test
    void nestedPathsNameTheField() {
        badJson("{\"nodes\":[{\"name\":\"a\"},{\"name\":5}]}", "nodes[1].name: must be a string");
        invalid("{\"nodes\":[{\"vmid\":1}]}", "nodes[0].name: is required");
        badJson("{\"nodes\":[{\"name\":\"a\",\"colour\":1}]}", "Unknown field 'nodes[0].colour'");
        badJson("{\"nodes\":{}}", "nodes: must be an array");
        badJson("{\"nodes\":[[]]}", "nodes[0]: must be an object");
    }

    @Test
    void unknownFieldsAreRefusedUnlessTolerated() {
        badJson("{\"name\":\"a\",\"colour\":\"red\"}", "Unknown field 'colour'");
        byte[] body = "{\"name\":\"a\",\"colour\":\"red\",\"nodes\":[{\"name\":\"n\",\"x\":{}}]}"
                .getBytes(StandardCharsets.UTF_8);
        Request r = StrictJson.read(body, Request.class, true);
        assertThat(r.name()).isEqualTo("a");
        assertThat(r.nodes()).containsExactly(new Node("n", null));
        assertThat(refused("{\"name\":1,\"colour\":2}".getBytes(StandardCharsets.UTF_8), Request.class, true)
                .getMessage()).as("tolerance is for unknown fields only").isEqualTo("name: must be a string");
    }

    @Test
    void primitivesAndNotNullAreRequired() {
        ApiException e = refused("{\"count\":null,\"flag\":true}".getBytes(StandardCharsets.UTF_8),
                Primitive.class, false);
        assertThat(e.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(e.getMessage()).isEqualTo("count: is required");
        assertThat(refused("{\"count\":1}".getBytes(StandardCharsets.UTF_8), Primitive.class, false).getMessage())
                .isEqualTo("flag: is required");
        assertThat(StrictJson.read("{\"count\":3,\"flag\":true}".getBytes(StandardCharsets.UTF_8),
                Primitive.class, false)).isEqualTo(new Primitive(3, true));
    }

    @Test
    void uuidsAndDateTimesMustParse() {
        badJson("{\"id\":\"1-1-1-1-1\"}", "id: must be a UUID");
        badJson("{\"id\":\"not-a-uuid\"}", "id: must be a UUID");
        badJson("{\"id\":42}", "id: must be a UUID");
        String dateTime = "at: must be an ISO-8601 date-time with offset, e.g. 2030-01-31T12:00:00Z";
        badJson("{\"at\":\"2030-01-31T12:00:00\"}", dateTime);
        badJson("{\"at\":\"tomorrow\"}", dateTime);
        badJson("{\"at\":1893456000}", dateTime);
    }

    @Test
    void jsonProcessingValuesPassThroughWithTheirShapeChecked() {
        Request r = read("{\"payload\":{\"a\":{\"b\":[1,\"x\",null]}},\"result\":[1,2],\"items\":[]}");
        assertThat(r.payload().getJsonObject("a").getJsonArray("b")).hasSize(3);
        assertThat(r.result()).isInstanceOf(JsonArray.class);
        assertThat(r.items()).isEmpty();
        badJson("{\"payload\":[1]}", "payload: must be an object");
        badJson("{\"payload\":\"{}\"}", "payload: must be an object");
        badJson("{\"items\":{}}", "items: must be an array");
    }

    @Test
    void trailingContentIsRefused() {
        badJson("{\"name\":\"a\"}}}}", "body: trailing content after the JSON value");
        badJson("{\"name\":\"a\"} {}", "body: trailing content after the JSON value");
        badJson("{\"name\":\"a\"} x", "body: trailing content after the JSON value");
    }

    @Test
    void invalidUtf8IsRefusedBeforeParsing() {
        byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        ApiException e = refused(body, Request.class, false);
        assertThat(e.code()).isEqualTo("BAD_JSON");
        assertThat(e.getMessage()).isEqualTo("body: not valid UTF-8");
        byte[] encodedSurrogate = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80,
                '"', '}'};
        assertThat(refused(encodedSurrogate, Request.class, false).getMessage()).isEqualTo("body: not valid UTF-8");
    }

    @Test
    void aBodyMustBeOneJsonObject() {
        badJson("", "body: a JSON object is required");
        badJson("  \n", "body: a JSON object is required");
        badJson("[1,2]", "body: a JSON object is required");
        badJson("null", "body: a JSON object is required");
        assertThat(refused("{\"name\":").getMessage()).startsWith("body: malformed JSON");
        assertThat(refused("{\"name\":\"a\",\"name\":\"b\"}").getMessage()).startsWith("body: malformed JSON")
                .contains("name");
    }

    @Test
    void nestingBeyondTheParsersLimitIsA400NotA500() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        ApiException e = refused("{\"payload\":{\"a\":" + deep + "}}");
        assertThat(e.code()).isEqualTo("BAD_JSON");
        assertThat(e.getMessage()).startsWith("body: malformed JSON").contains("nested");
    }

    @Test
    void aRecordsOwnConstructorChecksStillRun() {
        assertThatThrownBy(() -> StrictJson.read("{\"value\":\"bad\"}".getBytes(StandardCharsets.UTF_8),
                Checked.class, false)).isInstanceOf(IllegalArgumentException.class).hasMessage("refused by the record");
    }

    @SuppressWarnings("unused")
    private static void tolerantParameter(@Tolerant Request body) {
    }

    @Test
    void theReaderTakesRecordsAndHonoursTolerant() throws Exception {
        StrictJsonReader reader = new StrictJsonReader();
        assertThat(reader.isReadable(Request.class, Request.class, new Annotation[0], null)).isTrue();
        assertThat(reader.isReadable(String.class, String.class, new Annotation[0], null)).isFalse();
        assertThat(reader.isReadable(JsonObject.class, JsonObject.class, new Annotation[0], null)).isFalse();

        Annotation[] tolerant = StrictJsonTest.class.getDeclaredMethod("tolerantParameter", Request.class)
                .getParameterAnnotations()[0];
        byte[] body = "{\"name\":\"a\",\"future\":1}".getBytes(StandardCharsets.UTF_8);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Object> type = (Class) Request.class;
        assertThat(((Request) reader.readFrom(type, type, tolerant, null, null, new ByteArrayInputStream(body)))
                .name()).isEqualTo("a");
        assertThatThrownBy(() -> reader.readFrom(type, type, new Annotation[0], null, null,
                new ByteArrayInputStream(body))).isInstanceOf(ApiException.class).hasMessage("Unknown field 'future'");
    }

    @Test
    void theReaderLetsTheBodyLimitErrorThrough() {
        RuntimeException tooLarge = new IllegalStateException("stands in for the filter's 413");
        InputStream failing = new InputStream() {
            @Override
            public int read() {
                throw tooLarge;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw tooLarge;
            }
        };
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Object> type = (Class) Request.class;
        assertThatThrownBy(() -> new StrictJsonReader().readFrom(type, type, new Annotation[0], null, null, failing))
                .isSameAs(tooLarge);
    }
}
