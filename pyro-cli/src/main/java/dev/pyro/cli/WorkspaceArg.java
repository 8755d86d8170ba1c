package dev.pyro.cli;

import picocli.CommandLine.Parameters;

/** The WORKSPACE argument every workspace command takes first. */
class WorkspaceArg {
    @Parameters(index = "0", paramLabel = "WORKSPACE", description = "Id, name or unique id prefix.")
    String workspace;
}
