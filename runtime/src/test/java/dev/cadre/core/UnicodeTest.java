package dev.cadre.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnicodeTest {

  @Test
  void loneSurrogatesBecomeReplacementCharactersAndPairsStay() {
    assertThat(Unicode.wellFormed("end \ud83d")).isEqualTo("end \ufffd");
    assertThat(Unicode.wellFormed("\ude00 start")).isEqualTo("\ufffd start");
    // A high half followed by a whole pair: only the first is alone.
    assertThat(Unicode.wellFormed("\ud83d\ud83d\ude00")).isEqualTo("\ufffd\ud83d\ude00");
    // Two halves in the wrong order are two lone halves.
    assertThat(Unicode.wellFormed("\ude00\ud83d")).isEqualTo("\ufffd\ufffd");
    assertThat(Unicode.wellFormed("a\udfffb\ud800c")).isEqualTo("a\ufffdb\ufffdc");
    assertThat(Unicode.wellFormed(null)).isNull();
  }

  @Test
  void wellFormedTextIsReturnedAsItIs() {
    String text = "ünïcödé and a smile \ud83d\ude00";

    assertThat(Unicode.wellFormed(text)).isSameAs(text);
  }

  @Test
  void jsonWrittenByCadreAlwaysHasAUtf8Form() throws Exception {
    String json = Json.write(Map.of("text", "cut \ud83d"));

    assertThat(json).isEqualTo("{\"text\":\"cut \ufffd\"}");
    assertThat(new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo(json);
    assertThat(Json.parse(json).get("text").textValue()).isEqualTo("cut \ufffd");
  }
}
