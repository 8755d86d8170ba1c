package dev.pyro.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static FrameReader reader(byte[] bytes) {
        return new FrameReader(new ByteArrayInputStream(bytes));
    }

    private static FrameReader reader(String text) {
        return reader(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roundTripsFramesWithAndWithoutPayload() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(out);
        byte[] payload = {0, 1, 2, '\n', (byte) 0xFF};
        writer.write(Map.of(Protocol.TYPE, Protocol.TYPE_STDOUT), payload);
        writer.write(Map.of(Protocol.TYPE, Protocol.TYPE_RESULT, "ok", true));

        FrameReader reader = reader(out.toByteArray());
        Frame first = reader.read();
        assertThat(first.type()).isEqualTo(Protocol.TYPE_STDOUT);
        assertThat(first.payload()).containsExactly(payload);
        Frame second = reader.read();
        assertThat(second.header().bool("ok", false)).isTrue();
        assertThat(second.payload()).isEmpty();
        assertThat(reader.read()).isNull();
    }

    @Test
    void execRequestSurvivesTheWire() throws IOException {
        ExecRequest request = new ExecRequest(List.of("sh", "-c", "echo hi"), "/workspace", Map.of("A", "b"),
                1500, OutputMode.STREAM, 10, 20);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FrameWriter(out).write(request.toHeader());
        assertThat(ExecRequest.fromHeader(reader(out.toByteArray()).read().header())).isEqualTo(request);
    }

    @Test
    void rejectsBrokenFrames() {
        assertThatThrownBy(() -> reader("{\"type\":\"x\"").read()).hasMessageContaining("closed in the middle");
        assertThatThrownBy(() -> reader("{\"payload\":10}\nabc").read()).hasMessageContaining("after 3 of 10");
        assertThatThrownBy(() -> reader("{\"payload\":-1}\n").read()).hasMessageContaining("outside");
        assertThatThrownBy(() -> reader("{\"payload\":999999999999}\n").read()).hasMessageContaining("outside");
        assertThatThrownBy(() -> reader("{\"payload\":\"5\"}\n").read()).hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> reader("not json\n").read()).hasMessageContaining("malformed JSON");
    }

    @Test
    void boundsHeaderLength() {
        byte[] huge = new byte[FrameReader.MAX_HEADER_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThatThrownBy(() -> reader(huge).read()).hasMessageContaining("longer than");
    }

    @Test
    void validatesExecRequests() {
        assertThatThrownBy(() -> ExecRequest.fromHeader(new Fields(Map.of("argv", List.of()))))
                .hasMessageContaining("must name a command");
        assertThatThrownBy(() -> ExecRequest.fromHeader(new Fields(Map.of("argv", List.of("x", 1L)))))
                .hasMessageContaining("list of strings");
        assertThatThrownBy(() -> ExecRequest.fromHeader(new Fields(Map.of("argv", List.of("x"), "output", "loud"))))
                .hasMessageContaining("\"stream\" or \"capture\"");
        assertThatThrownBy(() -> ExecRequest.fromHeader(new Fields(Map.of("argv", List.of("x"), "timeout_ms", -1L))))
                .hasMessageContaining("must not be negative");
    }
}
