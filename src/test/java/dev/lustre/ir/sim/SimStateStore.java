package dev.lustre.ir.sim;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Saves and loads a {@link SimState} as JSON, under an exclusive lock on a side file
 * ({@code <state>.lock}) so concurrent lctl invocations on different "nodes" see each other's effects.
 */
final class SimStateStore implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path file;
    private final FileChannel lockChannel;
    private FileLock lock;

    private SimStateStore(Path file) throws IOException {
        this.file = file;
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        this.lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /** Opens the store and takes the lock. */
    static SimStateStore open(Path file) throws IOException {
        SimStateStore s = new SimStateStore(file);
        s.lock();
        return s;
    }

    void lock() throws IOException {
        if (lock == null) {
            lock = lockChannel.lock();
        }
    }

    void unlock() throws IOException {
        if (lock != null) {
            lock.release();
            lock = null;
        }
    }

    boolean exists() {
        return Files.exists(file);
    }

    SimState load() throws IOException {
        return JSON.readValue(file.toFile(), SimState.class);
    }

    /** Writes to a temporary file and renames it, so a reader never sees half a state. */
    void save(SimState state) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), state);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            unlock();
        } finally {
            lockChannel.close();
        }
    }
}
