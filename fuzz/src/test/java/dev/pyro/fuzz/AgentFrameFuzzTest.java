package dev.pyro.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pyro.protocol.DataFrames;
import dev.pyro.protocol.ExecResult;
import dev.pyro.protocol.Fields;
import dev.pyro.protocol.Frame;
import dev.pyro.protocol.FrameReader;
import dev.pyro.protocol.ProtocolException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The host reads frames from the agent, which runs inside the sandbox: code in there can kill
 * it and answer in its place. Whatever bytes arrive, reading fails with an
 * {@link IOException} or {@link ProtocolException} and never with anything else.
 */
class AgentFrameFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void framesFromTheSandboxAreReadOrRefused(byte[] input) {
        readFrames(input);
        readDataStream(input);
    }

    private static void readFrames(byte[] input) {
        FrameReader reader = new FrameReader(new BufferedInputStream(new ByteArrayInputStream(input)));
        try {
            Frame frame;
            while ((frame = reader.read()) != null) {
                interpret(frame);
            }
        } catch (IOException | ProtocolException refused) {
            // the documented outcomes for a bad peer
        }
    }

    private static void interpret(Frame frame) {
        try {
            ExecResult.fromFrame(frame);
        } catch (ProtocolException refused) {
            // not a result
        }
        Fields header = frame.header();
        for (String key : header.map().keySet()) {
            tryEach(() -> header.string(key), () -> header.longValue(key), () -> header.intValue(key, 0),
                    () -> header.bool(key, false), () -> header.stringList(key), () -> header.longList(key),
                    () -> header.stringMap(key));
        }
    }

    private static void tryEach(Runnable... reads) {
        for (Runnable read : reads) {
            try {
                read.run();
            } catch (ProtocolException wrongType) {
                // a field of another type is refused, not cast
            }
        }
    }

    private static void readDataStream(byte[] input) {
        try {
            DataFrames.input(new FrameReader(new BufferedInputStream(new ByteArrayInputStream(input)))).readAllBytes();
        } catch (IOException | ProtocolException refused) {
            // the documented outcomes for a bad peer
        }
    }
}
