package io.corral.platform.rest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class JsonContentTypeFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=UTF-8", "Application/JSON;charset=utf8"})
    void jsonInUtf8IsAccepted(String contentType) {
        assertThat(JsonContentTypeFilter.isJsonUtf8(contentType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json; charset=latin1x", "application/json; charset=ISO-8859-1",
            "*/*", "application/*", "json", ";;;"})
    void anythingElseIsRefused(String contentType) {
        assertThat(JsonContentTypeFilter.isJsonUtf8(contentType)).isFalse();
    }
}
