package dev.pyro.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadTailBufferTest {

    private static String render(HeadTailBuffer buffer) {
        return new String(buffer.render(), StandardCharsets.UTF_8);
    }

    private static void append(HeadTailBuffer buffer, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        buffer.append(bytes, 0, bytes.length);
    }

    @Test
    void keepsEverythingWithinBudget() {
        HeadTailBuffer buffer = new HeadTailBuffer(30);
        append(buffer, "hello ");
        append(buffer, "world");
        assertThat(render(buffer)).isEqualTo("hello world");
        assertThat(buffer.truncated()).isFalse();
        assertThat(buffer.total()).isEqualTo(11);
    }

    @Test
    void keepsHeadAndTailAndSaysHowMuchWasLeftOut() {
        HeadTailBuffer buffer = new HeadTailBuffer(30);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            String piece = i + ",";
            all.append(piece);
            append(buffer, piece);
        }
        String text = all.toString();
        String rendered = render(buffer);
        assertThat(buffer.truncated()).isTrue();
        assertThat(buffer.total()).isEqualTo(text.length());
        assertThat(rendered).startsWith(text.substring(0, 10));
        assertThat(rendered).endsWith(text.substring(text.length() - 20));
        assertThat(rendered).contains("[... " + (text.length() - 30) + " bytes omitted ...]");
    }

    @Test
    void oneLargeAppendEqualsManySmallOnes() {
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ('a' + i % 26);
        }
        HeadTailBuffer whole = new HeadTailBuffer(999);
        whole.append(data, 0, data.length);
        HeadTailBuffer pieces = new HeadTailBuffer(999);
        for (int i = 0; i < data.length; i += 7) {
            pieces.append(data, i, Math.min(7, data.length - i));
        }
        assertThat(pieces.render()).isEqualTo(whole.render());
    }

    @Test
    void neverCutsInsideAUtf8Character() {
        HeadTailBuffer buffer = new HeadTailBuffer(20);
        append(buffer, "é".repeat(200));
        String rendered = render(buffer);
        assertThat(rendered).doesNotContain("\uFFFD");
        assertThat(rendered.replaceAll("\n\\[\\.\\.\\. \\d+ bytes omitted \\.\\.\\.\\]\n", "")).matches("é+");
    }

    @Test
    void zeroBudgetKeepsOnlyTheCount() {
        HeadTailBuffer buffer = new HeadTailBuffer(0);
        append(buffer, "abc");
        assertThat(buffer.total()).isEqualTo(3);
        assertThat(render(buffer)).isEqualTo("\n[... 3 bytes omitted ...]\n");
    }
}
