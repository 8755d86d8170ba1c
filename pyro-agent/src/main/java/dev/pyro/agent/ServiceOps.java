package dev.pyro.agent;

import dev.pyro.common.Redactor;
import dev.pyro.protocol.Fields;
import dev.pyro.protocol.FrameWriter;
import dev.pyro.protocol.Json;
import dev.pyro.protocol.Protocol;
import dev.pyro.protocol.ServiceSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * service_start, service_status, service_list, service_logs and service_stop. Services live in
 * the agent; their logs are files under the services directory (outside /workspace).
 */
final class ServiceOps {
    static final int MAX_SERVICES = 32;
    static final long LOG_CAPACITY = 8L << 20;
    static final int MAX_LOG_READ_BYTES = 1 << 20;
    static final long MAX_READY_TIMEOUT_MS = 3_600_000;

    private final Path root;
    private final Map<String, Service> services = new LinkedHashMap<>();

    private final Redactor redactor;

    ServiceOps(Path root, Redactor redactor) {
        this.root = root;
        this.redactor = redactor;
    }

    void start(Fields request, FrameWriter writer) throws IOException {
        String name = name(request);
        String command = request.string("command", "");
        Path cwd = Path.of(request.string("cwd", "/workspace"));
        Map<String, String> env = request.stringMap("env");
        long timeoutMs = request.longValue("ready_timeout_ms", 30_000);
        long intervalMs = request.longValue("ready_interval_ms", 500);
        if (command.isBlank()) {
            throw new AgentRequestException(Protocol.ERROR_BAD_REQUEST, "service " + name + " needs a command");
        }
        if (!cwd.isAbsolute() || !Files.isDirectory(cwd)) {
            throw new AgentRequestException(Protocol.ERROR_NOT_FOUND, "working directory " + cwd + " does not exist in the sandbox");
        }
        if (timeoutMs < 1 || timeoutMs > MAX_READY_TIMEOUT_MS || intervalMs < 10 || intervalMs > 60_000) {
            throw new AgentRequestException(Protocol.ERROR_BAD_REQUEST, "ready_timeout_ms must be 1.." + MAX_READY_TIMEOUT_MS
                    + " and ready_interval_ms 10..60000");
        }
        Readiness readiness = Readiness.parse(request.stringMap("readiness"), cwd, env);
        List<Integer> published = publishedPorts(request);
        Service service;
        synchronized (services) {
            Service existing = services.get(name);
            if (existing != null && existing.active()) {
                throw new AgentRequestException(Protocol.ERROR_SERVICE_RUNNING, "service " + name + " is already running; "
                        + "stop it first, or pick another name");
            }
            if (existing == null && services.size() >= MAX_SERVICES) {
                throw new AgentRequestException(Protocol.ERROR_LIMIT, "a workspace runs at most " + MAX_SERVICES + " services");
            }
            service = Service.start(name, command, cwd, env, readiness, root.resolve(name), LOG_CAPACITY, redactor, published,
                    request.string("publish_address", "0.0.0.0"));
            services.put(name, service);
        }
        service.watchReadiness(timeoutMs, intervalMs);
        service.awaitSettled(timeoutMs + Service.STOP_GRACE_MS + 5_000);
        writer.write(AgentServer.ok(service.describe()));
    }

    /** Guest ports the host will forward to; the service counts as ready only once they listen. */
    private static List<Integer> publishedPorts(Fields request) {
        List<Integer> ports = new ArrayList<>();
        for (long port : request.longList("publish")) {
            if (port < 1 || port > 65535) {
                throw new AgentRequestException(Protocol.ERROR_BAD_REQUEST, "published ports are 1..65535, not " + port);
            }
            ports.add((int) port);
        }
        return ports;
    }

    void status(Fields request, FrameWriter writer) throws IOException {
        writer.write(AgentServer.ok(find(request).describe()));
    }

    void list(FrameWriter writer) throws IOException {
        List<Map<String, Object>> described = new ArrayList<>();
        synchronized (services) {
            services.values().forEach(service -> described.add(service.describe()));
        }
        Map<String, Object> result = AgentServer.ok();
        result.put("count", (long) described.size());
        result.put("running_count", described.stream().filter(s -> "running".equals(s.get("state"))).count());
        writer.write(result, Json.write(described).getBytes(StandardCharsets.UTF_8));
    }

    /** The last {@code tail_lines} lines of each stream (default 20), or all that is kept with {@code all}. */
    void logs(Fields request, FrameWriter writer) throws IOException {
        Service service = find(request);
        int lines = request.bool("all", false) ? -1 : request.intValue("tail_lines", 20);
        ServiceLog.Text out = service.stdout().tail(lines, MAX_LOG_READ_BYTES);
        ServiceLog.Text err = service.stderr().tail(lines, MAX_LOG_READ_BYTES);
        byte[] outBytes = out.text().getBytes(StandardCharsets.UTF_8);
        byte[] errBytes = err.text().getBytes(StandardCharsets.UTF_8);
        Map<String, Object> result = AgentServer.ok(service.describe());
        result.put("stdout_len", (long) outBytes.length);
        result.put("stderr_len", (long) errBytes.length);
        result.put("stdout_truncated", out.truncated());
        result.put("stderr_truncated", err.truncated());
        ByteArrayOutputStream payload = new ByteArrayOutputStream(outBytes.length + errBytes.length);
        payload.write(outBytes);
        payload.write(errBytes);
        writer.write(result, payload.toByteArray());
    }

    void stop(Fields request, FrameWriter writer) throws IOException {
        Service service = find(request);
        service.stop();
        writer.write(AgentServer.ok(service.describe()));
    }

    private Service find(Fields request) {
        String name = name(request);
        synchronized (services) {
            Service service = services.get(name);
            if (service == null) {
                throw new AgentRequestException(Protocol.ERROR_UNKNOWN_SERVICE, "no service '" + name + "' in this workspace"
                        + (services.isEmpty() ? " (none was started)" : "; services: " + String.join(", ", services.keySet())));
            }
            return service;
        }
    }

    private static String name(Fields request) {
        String name = request.string("name", "");
        if (!ServiceSpec.NAME.matcher(name).matches()) {
            throw new AgentRequestException(Protocol.ERROR_BAD_REQUEST, ServiceSpec.NAME_RULE + ", not '" + name + "'");
        }
        return name;
    }
}
