package dev.pyro.io;

import dev.pyro.PyroException;
import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * The one error for "pyro could not write its own state" (records, journals, locks, sandbox
 * directories), naming the two usual causes in plain words. Writers replace files atomically
 * or append whole lines, so whatever was there before is still there.
 */
public final class StateErrors {
    private StateErrors() {
    }

    /** {@code action} says what was being done, e.g. "write /home/u/.pyro/workspaces/…/workspace.json". */
    public static PyroException unwritable(String action, IOException cause) {
        String reason = reason(cause);
        return new PyroException("state_unwritable", "cannot " + action + ": " + reason,
                "make PYRO_HOME writable" + (reason.startsWith("no space") ? " by freeing space on its file system" : "")
                        + " and retry; what pyro had recorded before is unchanged", cause);
    }

    private static String reason(IOException cause) {
        String text = cause instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : String.valueOf(cause.getMessage());
        if (text.contains("Read-only file system")) {
            return "the file system is read-only";
        }
        if (text.contains("No space left on device") || text.contains("Disk quota exceeded")) {
            return "no space left on the file system (" + text + ")";
        }
        return text;
    }
}
