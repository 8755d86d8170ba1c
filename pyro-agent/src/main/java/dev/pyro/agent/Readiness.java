package dev.pyro.agent;

import dev.pyro.protocol.Protocol;
import dev.pyro.protocol.ServiceSpec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How to tell that a service is ready, checked from inside the sandbox (so {@code 127.0.0.1}
 * is the sandbox's own loopback): a file appears, a TCP port accepts, an HTTP URL answers
 * 2xx/3xx, or a command exits 0.
 */
final class Readiness {
    private static final int PROBE_TIMEOUT_MS = 1000;
    private static final long COMMAND_TIMEOUT_MS = 10_000;

    private final Map<String, String> spec;
    private final Path cwd;
    private final Map<String, String> env;

    private Readiness(Map<String, String> spec, Path cwd, Map<String, String> env) {
        this.spec = spec;
        this.cwd = cwd;
        this.env = env;
    }

    /** Checks the spec: {@code type} and the one field that type needs. Empty spec: null (ready at once). */
    static Readiness parse(Map<String, String> spec, Path cwd, Map<String, String> env) {
        if (spec.isEmpty()) {
            return null;
        }
        String type = spec.getOrDefault("type", "");
        String field = ServiceSpec.readinessField(type);
        if (field == null) {
            throw bad("readiness type must be one of " + ServiceSpec.READINESS_TYPES + ", not '" + type + "'");
        }
        String value = spec.get(field);
        if (value == null || value.isBlank()) {
            throw bad(type + " readiness needs '" + field + "'");
        }
        if (type.equals("tcp")) {
            address(value);
        }
        if (type.equals("http") && !value.startsWith("http://")) {
            throw bad("http readiness takes an http:// URL (it is probed inside the sandbox), not '" + value + "'");
        }
        Map<String, String> kept = new LinkedHashMap<>();
        kept.put("type", type);
        kept.put(field, value);
        return new Readiness(kept, cwd, env);
    }

    Map<String, String> describe() {
        return spec;
    }

    /** E.g. {@code tcp 127.0.0.1:8080}. */
    String summary() {
        return String.join(" ", spec.values());
    }

    boolean ready() {
        try {
            return switch (spec.get("type")) {
                case "file" -> Files.exists(cwd.resolve(spec.get("path")));
                case "tcp" -> connects(address(spec.get("address")));
                case "http" -> answers(URI.create(spec.get("url")));
                default -> commandSucceeds(spec.get("command"));
            };
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static InetSocketAddress address(String value) {
        int colon = value.lastIndexOf(':');
        String host = colon <= 0 ? "127.0.0.1" : value.substring(0, colon);
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return InetSocketAddress.createUnresolved(host.replaceAll("^\\[|\\]$", ""), port);
        } catch (NumberFormatException e) {
            throw bad("tcp readiness takes HOST:PORT or PORT, not '" + value + "'");
        }
    }

    private static boolean connects(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), PROBE_TIMEOUT_MS);
            return true;
        }
    }

    /** A plain HTTP/1.0 GET: no client library to load, no proxies to consult. */
    private static boolean answers(URI url) throws IOException {
        int port = url.getPort() < 0 ? 80 : url.getPort();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), PROBE_TIMEOUT_MS);
            socket.setSoTimeout(PROBE_TIMEOUT_MS * 2);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: " + url.getHost() + "\r\nUser-Agent: pyro-readiness\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            if (!status.startsWith("HTTP/") || status.length() < 12) {
                return false;
            }
            int code = Integer.parseInt(status.substring(9, 12));
            return code >= 200 && code < 400;
        }
    }

    private boolean commandSucceeds(String command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-lc", command)
                .directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            if (!process.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private static AgentRequestException bad(String message) {
        return new AgentRequestException(Protocol.ERROR_BAD_REQUEST, message);
    }
}
