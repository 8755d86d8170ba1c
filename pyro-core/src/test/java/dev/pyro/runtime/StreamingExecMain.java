package dev.pyro.runtime;

import dev.pyro.protocol.ExecRequest;
import dev.pyro.protocol.OutputMode;
import dev.pyro.runtime.agent.AgentClient;
import dev.pyro.runtime.agent.OutputListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a long streaming exec and says "streaming" once output arrives. Args: socket script. */
public final class StreamingExecMain {
    public static void main(String[] args) {
        AgentClient client = new AgentClient(Path.of(args[0]));
        client.exec(new ExecRequest(List.of("sh", "-c", args[1]), "/workspace", Map.of("PATH", "/usr/bin:/bin"),
                0, OutputMode.STREAM, 0, 0), new OutputListener() {
                    @Override
                    public void stdout(byte[] chunk) {
                        System.out.println("streaming");
                        System.out.flush();
                    }

                    @Override
                    public void stderr(byte[] chunk) {
                    }
                });
        System.out.println("finished");
    }
}
