package dev.pyro.workspace.diff;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Text-first handling of file contents: UTF-8 without NUL bytes counts as text. */
public final class TextFiles {
    private TextFiles() {
    }

    /** The content as text, or empty when it is binary. */
    public static Optional<String> decode(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * Like {@link #decode} for a prefix of a file that may end inside a UTF-8 character: a
     * cut sequence at the very end does not make the content binary.
     */
    public static Optional<String> decodePrefix(byte[] bytes, boolean truncated) {
        if (!truncated) {
            return decode(bytes);
        }
        for (int cut = 0; cut < 4 && cut <= bytes.length; cut++) {
            Optional<String> text = decode(java.util.Arrays.copyOf(bytes, bytes.length - cut));
            if (text.isPresent()) {
                return text;
            }
        }
        return Optional.empty();
    }

    /** Lines with their terminators, so a missing final newline is a difference of its own. */
    public static java.util.List<String> lines(String text) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        if (text == null || text.isEmpty()) {
            return lines;
        }
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
