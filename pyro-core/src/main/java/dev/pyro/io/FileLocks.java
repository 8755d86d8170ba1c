package dev.pyro.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Exclusive sections across processes (a lock on a file) and across threads of this process
 * (file locks are per process, so a second thread must wait on an in-process lock first).
 * The operating system drops a dead process's file lock, so a killed process never wedges one.
 */
public final class FileLocks {
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

    private FileLocks() {
    }

    public static <T> T withLock(Path lockFile, Supplier<T> action) {
        ReentrantLock local = LOCAL.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
        local.lock();
        try {
            if (local.getHoldCount() > 1) {
                return action.get();
            }
            Files.createDirectories(lockFile.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw StateErrors.unwritable("lock " + lockFile, e);
        } finally {
            local.unlock();
        }
    }

    public static void withLock(Path lockFile, Runnable action) {
        withLock(lockFile, () -> {
            action.run();
            return null;
        });
    }
}
