package dev.pyro.runtime.net;

import java.nio.file.Path;

/**
 * The host process that gives a sandbox its network (slirp4netns): its pid and start time, so
 * any later process can end it, and its API socket for port forwards ({@code null} without).
 */
public record NetworkHelper(long pid, long pidStartTime, Path apiSocket) {
}
