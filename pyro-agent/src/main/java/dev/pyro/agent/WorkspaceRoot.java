package dev.pyro.agent;

import dev.pyro.protocol.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Keeps file operations inside the workspace. Paths may be absolute ("/workspace/a") or
 * relative to the workspace ("a"); ".." may not climb out, and a path that exists must not
 * resolve, through links, to anything outside.
 */
final class WorkspaceRoot {
    private final Path root;

    WorkspaceRoot(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** The lexical location of {@code path}, refused when it leaves the workspace. */
    Path resolve(String path) {
        if (path == null || path.isEmpty()) {
            return root;
        }
        if (path.indexOf('\0') >= 0) {
            throw new AgentRequestException(Protocol.ERROR_BAD_REQUEST, "path contains a NUL byte");
        }
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            throw new AgentRequestException(Protocol.ERROR_OUTSIDE_WORKSPACE,
                    "path '" + path + "' is outside " + root + "; file operations stay inside the workspace");
        }
        return resolved;
    }

    /** {@code path}, which must exist, resolved through any links and still inside. */
    Path existing(String path) throws IOException {
        Path lexical = resolve(path);
        if (!Files.exists(lexical, LinkOption.NOFOLLOW_LINKS)) {
            throw new AgentRequestException(Protocol.ERROR_NOT_FOUND, "'" + display(lexical) + "' does not exist");
        }
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (IOException e) {
            if (Files.isSymbolicLink(lexical)) {
                Path target = lexical.getParent().resolve(Files.readSymbolicLink(lexical)).normalize();
                if (!target.startsWith(root)) {
                    throw new AgentRequestException(Protocol.ERROR_OUTSIDE_WORKSPACE, "'" + display(lexical)
                            + "' is a link to " + target + ", outside the workspace; refusing to follow it");
                }
            }
            throw new AgentRequestException(Protocol.ERROR_NOT_FOUND,
                    "'" + display(lexical) + "' is a link to something that does not exist");
        }
        if (!real.startsWith(root.toRealPath())) {
            throw new AgentRequestException(Protocol.ERROR_OUTSIDE_WORKSPACE,
                    "'" + display(lexical) + "' is a link to " + real + ", outside the workspace; refusing to follow it");
        }
        return real;
    }

    /**
     * A place to write {@code path}: the nearest existing ancestor must resolve inside the
     * workspace, so missing parents can be created without following a link out.
     */
    Path writable(String path) throws IOException {
        Path lexical = resolve(path);
        if (lexical.equals(root)) {
            throw new AgentRequestException(Protocol.ERROR_WRONG_TYPE, "cannot write to the workspace root itself");
        }
        Path ancestor = lexical.getParent();
        while (!Files.exists(ancestor, LinkOption.NOFOLLOW_LINKS)) {
            ancestor = ancestor.getParent();
        }
        Path realAncestor = ancestor.toRealPath();
        if (!realAncestor.startsWith(root.toRealPath())) {
            throw new AgentRequestException(Protocol.ERROR_OUTSIDE_WORKSPACE,
                    "'" + display(lexical) + "' lies under a link to " + realAncestor + ", outside the workspace");
        }
        return realAncestor.resolve(ancestor.relativize(lexical));
    }

    /** How a path is shown to users: the sandbox path, e.g. /workspace/src/a.c. */
    String display(Path path) {
        return path.toString();
    }
}
