package dev.pyro.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = Redactor.of(List.of("hunter2", "s3cr3t-token-value", "abc", ""));

    @Test
    void redactsWholeTexts() {
        assertThat(redactor.redact("pw=hunter2 and s3cr3t-token-value; abcabc")).isEqualTo(
                "pw=[REDACTED] and [REDACTED]; [REDACTED][REDACTED]");
        assertThat(Redactor.of(List.of()).redact("hunter2")).isEqualTo("hunter2");
    }

    @Test
    void catchesSecretsSplitAcrossEveryChunkBoundary() {
        String text = "log: hunter2 then s3cr3t-token-value, ab, then ab";
        for (int size = 1; size <= text.length(); size++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Redactor.Stream stream = redactor.stream((bytes, length) -> out.write(bytes, 0, length));
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            for (int at = 0; at < data.length; at += size) {
                byte[] chunk = java.util.Arrays.copyOfRange(data, at, Math.min(data.length, at + size));
                stream.accept(chunk, chunk.length);
            }
            stream.finish();
            assertThat(out.toString(StandardCharsets.UTF_8)).as("chunks of %d", size)
                    .isEqualTo("log: [REDACTED] then [REDACTED], ab, then ab");
        }
    }

    @Test
    void holdsBackOnlyAPossibleSecretPrefix() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Redactor.Stream stream = redactor.stream((bytes, length) -> out.write(bytes, 0, length));
        stream.accept("prompt$ hun".getBytes(StandardCharsets.UTF_8), 11);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("prompt$ ");
        stream.finish();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("prompt$ hun");
    }
}
