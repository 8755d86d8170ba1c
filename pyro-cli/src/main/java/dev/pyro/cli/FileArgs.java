package dev.pyro.cli;

import dev.pyro.contract.Contract;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The arguments the file and disk commands share: WORKSPACE, PATH, and how much to show. */
final class FileArgs {
    private FileArgs() {
    }

    /** {@code WORKSPACE [PATH] [--recursive]} of a listing. */
    static final class Listing extends WorkspaceArg {
        @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "Path inside /workspace (default: /workspace).")
        String path = Contract.WORKSPACE_GUEST_PATH;

        @Option(names = "--recursive", description = "Include everything below PATH.")
        boolean recursive;
    }

    /** {@code WORKSPACE PATH [--max-bytes] [--offset] [--content-only]} of a read. */
    static final class Read extends WorkspaceArg {
        @Parameters(index = "1", paramLabel = "PATH", description = "File inside /workspace.")
        String path;

        @Option(names = "--max-bytes", paramLabel = "N", description = "Read at most N bytes (default: ${DEFAULT-VALUE}).")
        int maxBytes = Contract.DEFAULT_FILE_READ_MAX_BYTES;

        @Option(names = "--offset", paramLabel = "N", description = "Start N bytes into the file (default: 0).")
        long offset;

        @Option(names = "--content-only", description = "Print the content alone, without the summary line.")
        boolean contentOnly;
    }
}
