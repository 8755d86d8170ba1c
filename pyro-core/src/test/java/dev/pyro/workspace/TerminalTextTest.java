package dev.pyro.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
    private static final String ESC = "\u001b";

    @Test
    void stripsColoursTitlesAndModes() {
        assertThat(TerminalText.plain(ESC + "]0;user@host: ~\u0007" + ESC + "[?2004h" + ESC + "[1;32mok" + ESC + "[0m done\r\n"))
                .isEqualTo("ok done\n");
        assertThat(TerminalText.plain(ESC + "]8;;http://x" + ESC + "\\link" + ESC + "]8;;" + ESC + "\\" + ESC + "(B.")).isEqualTo("link.");
    }

    @Test
    void appliesCarriageReturnsBackspacesAndErases() {
        assertThat(TerminalText.plain("10%\r50%\r100%\n")).isEqualTo("100%\n");
        assertThat(TerminalText.plain("downloading 99%\r" + ESC + "[Kdone\n")).isEqualTo("done\n");
        assertThat(TerminalText.plain("abc\b\bX\n")).isEqualTo("aXc\n");
        assertThat(TerminalText.plain("line one\nline two\n" + ESC + "[1A" + ESC + "[2K\rline 2\n")).isEqualTo("line one\nline 2\n");
        assertThat(TerminalText.plain("a\r\n\r\nb")).isEqualTo("a\n\nb");
        assertThat(TerminalText.plain("trailing   \nspaces")).isEqualTo("trailing\nspaces");
    }

    @Test
    void findsWhereAnUnfinishedSequenceBegins() {
        assertThat(TerminalText.completeEnd("text" + ESC + "[1;3")).isEqualTo(4);
        assertThat(TerminalText.completeEnd("text" + ESC)).isEqualTo(4);
        assertThat(TerminalText.completeEnd("text" + ESC + "]0;title")).isEqualTo(4);
        String titled = "t" + ESC + "]0;title" + ESC + "\\";
        assertThat(TerminalText.completeEnd(titled)).isEqualTo(titled.length());
        assertThat(TerminalText.completeEnd("t" + ESC + "[0mdone")).isEqualTo(9);
        assertThat(TerminalText.plain("cut" + ESC + "[1;3")).isEqualTo("cut");
    }
}
