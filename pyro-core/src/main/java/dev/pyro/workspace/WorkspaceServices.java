package dev.pyro.workspace;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.protocol.Fields;
import dev.pyro.protocol.Frame;
import dev.pyro.protocol.Protocol;
import dev.pyro.protocol.ServiceSpec;
import dev.pyro.runtime.agent.AgentClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named long-running processes in a workspace, each with an optional readiness check. The
 * agent supervises them and keeps their logs outside /workspace, so diff and export never see
 * them; they end with the sandbox (stop, reset, delete). In a workspace with policy
 * {@code egress+published-ports} a service can publish ports on the host's 127.0.0.1.
 */
public final class WorkspaceServices {
    private static final Duration CONTROL_DEADLINE = Duration.ofSeconds(30);

    private final WorkspaceContext context;
    private final WorkspacePorts ports;

    WorkspaceServices(WorkspaceContext context) {
        this.context = context;
        this.ports = new WorkspacePorts(context);
    }

    /** How to start a service: where, how to tell it is ready, and how long to wait for that. */
    public record StartOptions(String cwd, Map<String, String> readiness, int readyTimeoutSeconds, int readyIntervalMs,
                               Map<String, String> secretEnv, List<String> publish) {
        public StartOptions {
            secretEnv = secretEnv == null ? Map.of() : Map.copyOf(secretEnv);
            publish = publish == null ? List.of() : List.copyOf(publish);
            WorkspacePorts.parse(publish);
            readiness = readiness == null ? Map.of() : Map.copyOf(readiness);
            if (readyTimeoutSeconds < 1 || readyTimeoutSeconds > Contract.MAX_SERVICE_READY_TIMEOUT_SECONDS) {
                throw PyroException.invalidArgument("ready timeout must be between 1 and "
                        + Contract.MAX_SERVICE_READY_TIMEOUT_SECONDS + " seconds");
            }
            if (readyIntervalMs < 10 || readyIntervalMs > 60_000) {
                throw PyroException.invalidArgument("ready interval must be between 10 and 60000 ms");
            }
            if (!readiness.isEmpty()) {
                String field = requireReadinessField(readiness.get("type"));
                if (readiness.get(field) == null || readiness.get(field).isBlank()) {
                    throw PyroException.invalidArgument(readiness.get("type") + " readiness needs '" + field + "'");
                }
            }
        }

        public static StartOptions defaults() {
            return new StartOptions(Contract.WORKSPACE_GUEST_PATH, Map.of(), Contract.DEFAULT_SERVICE_READY_TIMEOUT_SECONDS,
                    Contract.DEFAULT_SERVICE_READY_INTERVAL_MS, Map.of(), List.of());
        }

        public StartOptions withCwd(String value) {
            return new StartOptions(value, readiness, readyTimeoutSeconds, readyIntervalMs, secretEnv, publish);
        }

        /** {@code type} is file (a path, relative to cwd), tcp (HOST:PORT or PORT), http (a URL) or command (exit 0). */
        public StartOptions withReadiness(String type, String target) {
            return new StartOptions(cwd, Map.of("type", type, requireReadinessField(type), target), readyTimeoutSeconds,
                    readyIntervalMs, secretEnv, publish);
        }

        public StartOptions withReadyTimeoutSeconds(int value) {
            return new StartOptions(cwd, readiness, value, readyIntervalMs, secretEnv, publish);
        }

        public StartOptions withReadyIntervalMs(int value) {
            return new StartOptions(cwd, readiness, readyTimeoutSeconds, value, secretEnv, publish);
        }

        /**
         * Ports to publish on the host's 127.0.0.1, each {@code [HOST_PORT:]GUEST_PORT} (no host
         * port: a free one). The service is ready once each guest port listens; needs policy
         * {@code egress+published-ports}.
         */
        public StartOptions withPublish(List<String> value) {
            return new StartOptions(cwd, readiness, readyTimeoutSeconds, readyIntervalMs, secretEnv, value);
        }

        /** Secrets the service gets as environment variables: secret name → variable name. */
        public StartOptions withSecretEnv(Map<String, String> value) {
            return new StartOptions(cwd, readiness, readyTimeoutSeconds, readyIntervalMs, value, publish);
        }
    }

    private static String requireReadinessField(String type) {
        String field = ServiceSpec.readinessField(type);
        if (field == null) {
            throw PyroException.invalidArgument("readiness type must be one of " + String.join(", ", ServiceSpec.READINESS_TYPES)
                    + ", not '" + type + "'");
        }
        return field;
    }

    /** A service as the agent reports it. {@code failure} says why a {@code failed} service failed. */
    public record Service(String workspaceId, String serviceName, String state, String command, String cwd, long pid,
                          String startedAt, String readyAt, String endedAt, Integer exitCode, String failure,
                          Map<String, String> readiness, List<PublishedPort> publishedPorts) {
        Service withPublishedPorts(List<PublishedPort> value) {
            return new Service(workspaceId, serviceName, state, command, cwd, pid, startedAt, readyAt, endedAt, exitCode, failure,
                    readiness, value == null ? List.of() : List.copyOf(value));
        }
    }

    /** {@code hostAddress:hostPort} on the host forwards to {@code guestPort} inside the sandbox. */
    public record PublishedPort(String hostAddress, int hostPort, int guestPort) {
        /** E.g. {@code 127.0.0.1:18080 -> 8080}. */
        public String describe() {
            return hostAddress + ":" + hostPort + " -> " + guestPort;
        }

        public static String describe(List<PublishedPort> ports) {
            return ports.stream().map(PublishedPort::describe).collect(java.util.stream.Collectors.joining(", "));
        }
    }

    public record Services(String workspaceId, int count, int runningCount, List<Service> services) {
    }

    /** The tail of a service's output ({@code tailLines} null when all that is kept was asked for). */
    public record Logs(String workspaceId, String serviceName, String state, Integer tailLines, String stdout, String stderr,
                       boolean stdoutTruncated, boolean stderrTruncated) {
    }

    /**
     * Starts {@code command} (run by {@code sh -lc}) as service {@code name} and waits until it
     * is ready. A service that exits first, or is not ready in time, fails with why and the tail
     * of its logs; its status and logs stay readable.
     */
    public Service start(String reference, String name, String command, StartOptions options) {
        requireName(name);
        if (command == null || command.isBlank()) {
            throw PyroException.invalidArgument("no command given; e.g. pyro workspace service start ID web -- python3 -m http.server 8080");
        }
        WorkspaceRecord record = context.resolve(reference);
        List<WorkspacePorts.Request> publish = WorkspacePorts.parse(options.publish());
        WorkspacePorts.checkAllowed(record, publish);
        if (!publish.isEmpty()) {
            checkGuestPortsFree(record, name, publish);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("command", command);
        String cwd = options.cwd() == null ? Contract.WORKSPACE_GUEST_PATH : options.cwd();
        fields.put("cwd", cwd.startsWith("/") ? cwd : Contract.WORKSPACE_GUEST_PATH + "/" + cwd);
        fields.put("env", context.secrets.environment(record, options.secretEnv()));
        fields.put("readiness", options.readiness());
        fields.put("ready_timeout_ms", options.readyTimeoutSeconds() * 1000L);
        fields.put("ready_interval_ms", (long) options.readyIntervalMs());
        fields.put("publish", publish.stream().map(WorkspacePorts.Request::guestPort).toList());
        fields.put("publish_address", Contract.SANDBOX_NETWORK_ADDRESS);
        Duration deadline = Duration.ofSeconds(options.readyTimeoutSeconds()).plus(CONTROL_DEADLINE);
        Service service = service(record, send(record, Protocol.OP_SERVICE_START, fields, deadline).header());
        if ("running".equals(service.state())) {
            service = service.withPublishedPorts(publishOrStop(record, service, publish));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("service_name", name);
        details.put("command", context.secrets.redactor(record).redact(command));
        details.put("state", service.state());
        if (!service.publishedPorts().isEmpty()) {
            details.put("published_ports", service.publishedPorts());
        }
        context.touch(record, "service_start", details);
        if ("failed".equals(service.state())) {
            Logs logs = logs(reference, name, Contract.DEFAULT_SERVICE_LOG_TAIL_LINES, false);
            throw new PyroException("service_failed", "service " + name + " failed: " + service.failure()
                    + tail("stdout", logs.stdout()) + tail("stderr", logs.stderr()),
                    "read its logs with 'pyro workspace service logs " + record.workspaceId() + " " + name
                            + " --all', fix the command or the readiness check, and start it again");
        }
        return service;
    }

    /** A guest port another running service publishes would make this one look ready at once: refused. */
    private void checkGuestPortsFree(WorkspaceRecord record, String name, List<WorkspacePorts.Request> publish) {
        for (Service other : list(record.workspaceId()).services()) {
            for (PublishedPort port : other.publishedPorts()) {
                if (!other.serviceName().equals(name) && publish.stream().anyMatch(r -> r.guestPort() == port.guestPort())) {
                    throw new PyroException("port_unavailable", "port " + port.guestPort() + " is already published by service "
                            + other.serviceName() + " (" + port.describe() + ")",
                            "stop that service first, or publish another port");
                }
            }
        }
    }

    /** Publishes the ports of a service that just got ready; if that fails, the service is stopped too. */
    private List<PublishedPort> publishOrStop(WorkspaceRecord record, Service service, List<WorkspacePorts.Request> publish) {
        try {
            return ports.publish(record, service.serviceName(), publish);
        } catch (PyroException e) {
            send(record, Protocol.OP_SERVICE_STOP, Map.of("name", service.serviceName()), CONTROL_DEADLINE);
            throw new PyroException(e.code(), "service " + service.serviceName() + " was stopped: " + e.getMessage(), e.fix());
        }
    }

    private static String tail(String stream, String text) {
        return text.isEmpty() ? "" : "\n--- " + stream + " (last lines) ---\n" + text.stripTrailing();
    }

    public Service status(String reference, String name) {
        requireName(name);
        WorkspaceRecord record = context.resolve(reference);
        Service service = service(record, send(record, Protocol.OP_SERVICE_STATUS, Map.of("name", name), CONTROL_DEADLINE).header());
        return withPorts(record, List.of(service)).get(0);
    }

    public Services list(String reference) {
        WorkspaceRecord record = context.resolve(reference);
        Frame frame = send(record, Protocol.OP_SERVICE_LIST, Map.of(), CONTROL_DEADLINE);
        List<Service> reported = new ArrayList<>();
        AgentClient.objects(frame).forEach(fields -> reported.add(service(record, fields)));
        List<Service> services = withPorts(record, reported);
        int running = (int) services.stream().filter(s -> "running".equals(s.state())).count();
        return new Services(record.workspaceId(), services.size(), running, services);
    }

    /** The last {@code tailLines} lines of each stream, or with {@code all} everything kept (up to 1 MiB per stream). */
    public Logs logs(String reference, String name, int tailLines, boolean all) {
        requireName(name);
        if (!all && (tailLines < 0 || tailLines > Contract.MAX_SERVICE_LOG_TAIL_LINES)) {
            throw PyroException.invalidArgument("tail lines must be between 0 and " + Contract.MAX_SERVICE_LOG_TAIL_LINES
                    + " (or ask for all)");
        }
        WorkspaceRecord record = context.resolve(reference);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("tail_lines", (long) tailLines);
        fields.put("all", all);
        Frame frame = send(record, Protocol.OP_SERVICE_LOGS, fields, CONTROL_DEADLINE);
        Fields h = frame.header();
        int outLength = (int) Math.min(frame.payload().length, Math.max(0, h.longValue("stdout_len", 0)));
        byte[] payload = frame.payload();
        String stdout = new String(payload, 0, outLength, StandardCharsets.UTF_8);
        String stderr = new String(Arrays.copyOfRange(payload, outLength, payload.length), StandardCharsets.UTF_8);
        return new Logs(record.workspaceId(), name, h.string("state", ""), all ? null : tailLines, stdout, stderr,
                h.bool("stdout_truncated", false), h.bool("stderr_truncated", false));
    }

    /** Stops the service (TERM, then KILL after 5 s) and everything it started. */
    public Service stop(String reference, String name) {
        requireName(name);
        WorkspaceRecord record = context.resolve(reference);
        Service service = service(record, send(record, Protocol.OP_SERVICE_STOP, Map.of("name", name), CONTROL_DEADLINE).header());
        ports.release(record, name::equals);
        context.touch(record, "service_stop", Map.of("service_name", name));
        return service;
    }

    /**
     * The services with their published ports, after removing the ports of services that have
     * ended (a service may exit at any time; its ports go on the next look).
     */
    private List<Service> withPorts(WorkspaceRecord record, List<Service> services) {
        java.util.Set<String> ended = new java.util.HashSet<>();
        services.stream().filter(s -> !"running".equals(s.state()) && !"starting".equals(s.state()))
                .forEach(s -> ended.add(s.serviceName()));
        ports.release(record, ended::contains);
        Map<String, List<PublishedPort>> published = ports.all(record);
        return services.stream().map(s -> s.withPublishedPorts(published.get(s.serviceName()))).toList();
    }

    private Frame send(WorkspaceRecord record, String op, Map<String, Object> fields, Duration deadline) {
        return context.send(record, op, fields, new byte[0], deadline, e -> switch (e.code()) {
            case Protocol.ERROR_UNKNOWN_SERVICE -> new PyroException("service_not_found", e.getMessage(),
                    "list services with 'pyro workspace service list " + record.workspaceId() + "'; services end "
                            + "when the workspace is reset or stopped");
            case Protocol.ERROR_SERVICE_RUNNING -> new PyroException("service_running", e.getMessage(),
                    "stop it with 'pyro workspace service stop " + record.workspaceId() + " NAME'");
            case Protocol.ERROR_LIMIT -> new PyroException("limit_reached", e.getMessage(), "stop services you no longer need");
            default -> null;
        });
    }

    private static void requireName(String name) {
        if (name == null || !ServiceSpec.NAME.matcher(name).matches()) {
            throw PyroException.invalidArgument(ServiceSpec.NAME_RULE + ", not '" + name + "'");
        }
    }

    private static Service service(WorkspaceRecord record, Fields f) {
        Map<String, String> readiness = f.has("readiness") ? f.stringMap("readiness") : null;
        return new Service(record.workspaceId(), f.string("service_name"), f.string("state", ""), f.string("command", ""),
                f.string("cwd", ""), f.longValue("pid", 0), f.string("started_at", null), f.string("ready_at", null),
                f.string("ended_at", null), f.has("exit_code") ? f.intValue("exit_code", 0) : null, f.string("failure", null),
                readiness, List.of());
    }
}
