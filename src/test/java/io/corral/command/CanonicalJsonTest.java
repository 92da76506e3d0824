package io.corral.command;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalJsonTest {

    private static JsonValue json(String text) {
        return CanonicalJson.parse(text);
    }

    @Test
    void keyOrderDoesNotMatter() {
        assertThat(CanonicalJson.of(json("{\"b\":1,\"a\":\"x\",\"c\":true}")))
                .isEqualTo(CanonicalJson.of(json("{\"c\":true,\"a\":\"x\",\"b\":1}")))
                .isEqualTo("{\"a\":\"x\",\"b\":1,\"c\":true}");
    }

    @Test
    void nestedObjectsAreSortedToo() {
        String one = CanonicalJson.of(json("{\"z\":{\"y\":1,\"x\":{\"q\":2,\"p\":3}},\"a\":null}"));
        String two = CanonicalJson.of(json("{\"a\":null,\"z\":{\"x\":{\"p\":3,\"q\":2},\"y\":1}}"));
        assertThat(one).isEqualTo(two).isEqualTo("{\"a\":null,\"z\":{\"x\":{\"p\":3,\"q\":2},\"y\":1}}");
    }

    @Test
    void objectsInsideArraysAreSortedButArrayOrderIsKept() {
        assertThat(CanonicalJson.of(json("[{\"b\":1,\"a\":2},[{\"d\":0,\"c\":[3,1]}],\"s\"]")))
                .isEqualTo("[{\"a\":2,\"b\":1},[{\"c\":[3,1],\"d\":0}],\"s\"]");
        assertThat(CanonicalJson.of(json("[1,2]"))).isNotEqualTo(CanonicalJson.of(json("[2,1]")));
    }

    @Test
    void differentValuesStayDifferent() {
        assertThat(CanonicalJson.of(json("{\"vmid\":100}")))
                .isNotEqualTo(CanonicalJson.of(json("{\"vmid\":101}")))
                .isNotEqualTo(CanonicalJson.of(json("{\"vmid\":\"100\"}")));
    }

    @Test
    void scalarsAndEmptyContainers() {
        assertThat(CanonicalJson.of(JsonValue.NULL)).isEqualTo("null");
        assertThat(CanonicalJson.of(JsonValue.TRUE)).isEqualTo("true");
        assertThat(CanonicalJson.of(JsonValue.EMPTY_JSON_OBJECT)).isEqualTo("{}");
        assertThat(CanonicalJson.of(JsonValue.EMPTY_JSON_ARRAY)).isEqualTo("[]");
        assertThat(CanonicalJson.of(json("\"text\""))).isEqualTo("\"text\"");
    }

    @Test
    void parseOfNullTextIsJsonNull() {
        assertThat(CanonicalJson.parse(null)).isSameAs(JsonValue.NULL);
    }

    @Test
    void parseReadsObjectsAndRoundTripsCanonicalText() {
        JsonValue v = CanonicalJson.parse("{\"node\":\"pve1\",\"vmid\":100}");
        assertThat(v).isInstanceOf(JsonObject.class);
        assertThat(((JsonObject) v).getString("node")).isEqualTo("pve1");
        assertThat(((JsonObject) v).getInt("vmid")).isEqualTo(100);
        String canonical = CanonicalJson.of(v);
        assertThat(CanonicalJson.of(CanonicalJson.parse(canonical))).isEqualTo(canonical);
    }
}
