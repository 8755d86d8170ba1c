package dev.pyro.workspace;

import dev.pyro.Pyro;
import dev.pyro.config.PyroPaths;
import dev.pyro.runtime.agent.OutputListener;
import java.nio.file.Path;

/** Runs COUNT execs of SCRIPT in a workspace from a separate process. Args: home workspace count script. */
public final class WorkspaceExecMain {
    public static void main(String[] args) {
        Path home = Path.of(args[0]);
        Pyro pyro = Pyro.create(new PyroPaths(home, home.resolve("cache")), null);
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i < count; i++) {
            pyro.workspaces().commands().exec(args[1], args[3], WorkspaceCommands.ExecOptions.defaults().withTimeoutSeconds(120),
                    new OutputListener() {
                        @Override
                        public void stdout(byte[] chunk) {
                            System.out.println("streaming");
                            System.out.flush();
                        }

                        @Override
                        public void stderr(byte[] chunk) {
                        }
                    });
        }
        System.out.println("finished");
    }
}
