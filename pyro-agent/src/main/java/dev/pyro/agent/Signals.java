package dev.pyro.agent;

import dev.pyro.protocol.Protocol;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Sends a named signal. Java can only send TERM and KILL itself (and not to a process group),
 * so this asks the sandbox's {@code sh} builtin, which every environment has.
 */
final class Signals {
    private Signals() {
    }

    /** {@code target} is a pid, or minus a process group id. */
    static void send(String signal, long target) {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", "kill -s \"$0\" -- \"$1\"", signal, Long.toString(target))
                .redirectErrorStream(true);
        try {
            Process kill = builder.start();
            String said = new String(kill.getInputStream().readAllBytes()).strip();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AgentRequestException(Protocol.ERROR_EXEC_FAILED, "cannot send " + signal + ": " + said);
            }
        } catch (IOException e) {
            throw new AgentRequestException(Protocol.ERROR_EXEC_FAILED, "cannot send " + signal + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentRequestException(Protocol.ERROR_EXEC_FAILED, "interrupted while sending " + signal);
        }
    }
}
