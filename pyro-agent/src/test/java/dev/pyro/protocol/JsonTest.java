package dev.pyro.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void roundTripsNestedValues() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "line\nwith \"quotes\" \\ and \u0001 and é and 😀");
        value.put("count", 42L);
        value.put("negative", -7L);
        value.put("ratio", 1.5);
        value.put("flag", true);
        value.put("nothing", null);
        value.put("list", List.of("a", 1L, false));
        value.put("nested", Map.of("k", "v"));

        assertThat(Json.parse(Json.write(value))).isEqualTo(value);
    }

    @Test
    void readsEscapesAndWhitespace() {
        Map<String, Object> parsed = Json.parseObject(" { \"a\" : \"\\u00e9\\t\\/\" , \"b\" : [ ] , \"c\" : { } } ");
        assertThat(parsed).containsEntry("a", "é\t/").containsEntry("b", List.of()).containsEntry("c", Map.of());
    }

    @Test
    void rejectsMalformedInputWithOffsets() {
        for (String bad : List.of("", "{", "{\"a\":}", "{\"a\" 1}", "[1,]", "\"unterminated", "{\"a\":1} x",
                "tru", "01x", "\"\\x\"", "\"\\u12\"", "{1:2}", "\"a\u0001\"")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("malformed JSON");
        }
    }

    @Test
    void rejectsDuplicateKeysAndNonObjects() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessageContaining("expected a JSON object");
    }

    @Test
    void boundsNestingDepth() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nested deeper");
        String fine = "[".repeat(60) + "]".repeat(60);
        assertThat(Json.parse(fine)).isInstanceOf(List.class);
    }
}
