package dev.pyro.mcp;

import dev.pyro.Pyro;
import dev.pyro.contract.ToolProfile;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Serves MCP on this process's stdin and stdout until stdin closes. stdout carries protocol
 * only: {@code System.out} is pointed at stderr for everything else.
 */
public final class StdioMcpServer {
    private StdioMcpServer() {
    }

    public static void serve(Pyro pyro, ToolProfile profile) throws InterruptedException {
        PrintStream protocolOut = System.out;
        System.setOut(System.err);
        CountDownLatch closed = new CountDownLatch(1);
        var transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(),
                new EndSignallingInput(System.in, closed), protocolOut);
        McpSyncServer server = PyroMcpServer.create(pyro, profile, transport);
        closed.await();
        server.closeGracefully();
    }

    /** The SDK has no hook for "the client went away"; this notices end of input. */
    private static final class EndSignallingInput extends FilterInputStream {
        private final CountDownLatch closed;

        EndSignallingInput(InputStream in, CountDownLatch closed) {
            super(in);
            this.closed = closed;
        }

        @Override
        public int read() throws IOException {
            return signalAtEnd(super.read());
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return signalAtEnd(super.read(buffer, offset, length));
        }

        private int signalAtEnd(int result) {
            if (result < 0) {
                closed.countDown();
            }
            return result;
        }
    }
}
