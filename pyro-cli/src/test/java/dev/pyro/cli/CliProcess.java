package dev.pyro.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real CLI in its own JVM, as a user's shell would. */
final class CliProcess {
    record Result(int exitCode, String out, String err) {
    }

    private CliProcess() {
    }

    static Result run(Path pyroHome, Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        return runWrapped(List.of(), pyroHome, extraEnv, args);
    }

    /** Runs the CLI under {@code wrapper} (a command that ends by exec'ing its arguments). */
    static Result runWrapped(List<String> wrapper, Path pyroHome, Map<String, String> extraEnv, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PyroCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PYRO_HOME", pyroHome.toString());
        builder.environment().put("PYRO_CACHE_DIR", pyroHome.resolve("cache").toString());
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("pyro " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    static Result run(Path pyroHome, String... args) throws IOException, InterruptedException {
        return run(pyroHome, Map.of(), args);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
