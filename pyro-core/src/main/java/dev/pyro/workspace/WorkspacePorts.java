package dev.pyro.workspace;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.io.AtomicFiles;
import dev.pyro.io.FileLocks;
import dev.pyro.json.JsonSupport;
import dev.pyro.runtime.NetworkPolicy;
import dev.pyro.runtime.Sandbox;
import dev.pyro.runtime.SandboxRecord;
import dev.pyro.runtime.net.PortForwards;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Services' published ports: which port on the host's 127.0.0.1 forwards to which port in the
 * sandbox. The forwards belong to the running sandbox's network helper, so they end with it
 * (stop, reset, delete); this book of them lives in that sandbox's state directory and is
 * changed under the workspace's lock. A service that ends loses its ports on the next call
 * that looks at services, or at once when it is stopped or fails to start.
 */
final class WorkspacePorts {
    private static final String FILE = "published-ports.json";
    private static final TypeReference<List<Entry>> ENTRIES = new TypeReference<>() {
    };

    private final WorkspaceContext context;

    WorkspacePorts(WorkspaceContext context) {
        this.context = context;
    }

    /** A port to publish: {@code hostPort} 0 means any free port. */
    record Request(int hostPort, int guestPort) {
        /** {@code [HOST_PORT:]GUEST_PORT}, e.g. {@code 8080} or {@code 18080:8080}. */
        static Request parse(String spec) {
            String text = spec == null ? "" : spec.trim();
            int colon = text.indexOf(':');
            try {
                int host = colon < 0 ? 0 : port(text.substring(0, colon));
                int guest = port(text.substring(colon + 1));
                return new Request(host, guest);
            } catch (NumberFormatException e) {
                throw PyroException.invalidArgument("a published port is [HOST_PORT:]GUEST_PORT with ports 1-65535, e.g. 8080 "
                        + "or 18080:8080, not '" + spec + "'");
            }
        }

        private static int port(String text) {
            int port = Integer.parseInt(text.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        }
    }

    /** One forward in the book. */
    record Entry(String serviceName, int forwardId, int hostPort, int guestPort) {
    }

    static List<Request> parse(List<String> specs) {
        List<Request> requests = new ArrayList<>();
        Set<Integer> guests = new HashSet<>();
        Set<Integer> hosts = new HashSet<>();
        for (String spec : specs) {
            Request request = Request.parse(spec);
            if (!guests.add(request.guestPort()) || (request.hostPort() != 0 && !hosts.add(request.hostPort()))) {
                throw PyroException.invalidArgument("port " + spec + " is published twice");
            }
            requests.add(request);
        }
        if (requests.size() > Contract.MAX_PUBLISHED_PORTS_PER_SERVICE) {
            throw PyroException.invalidArgument("a service publishes at most " + Contract.MAX_PUBLISHED_PORTS_PER_SERVICE + " ports");
        }
        return requests;
    }

    /** Refuses before anything starts: the policy must allow it, and asked-for host ports must be free. */
    static void checkAllowed(WorkspaceRecord record, List<Request> requests) {
        if (requests.isEmpty()) {
            return;
        }
        if (!NetworkPolicy.parse(record.networkPolicy()).publishedPorts()) {
            throw new PyroException("ports_not_allowed", "workspace " + record.workspaceId() + " has network policy '"
                    + record.networkPolicy() + "'; publishing ports needs '" + Contract.NETWORK_EGRESS_PUBLISHED_PORTS + "'",
                    "the policy is chosen at create: create a workspace with --network-policy "
                            + Contract.NETWORK_EGRESS_PUBLISHED_PORTS);
        }
        for (Request request : requests) {
            if (request.hostPort() != 0 && !PortForwards.isFree(request.hostPort())) {
                throw new PyroException("port_unavailable", "port " + request.hostPort() + " on "
                        + Contract.PUBLISHED_PORT_HOST_ADDRESS + " is already in use",
                        "pick another host port (HOST_PORT:GUEST_PORT), or give only GUEST_PORT to get a free one");
            }
        }
    }

    /** Forwards every port for the service, all or none; returns them as published. */
    List<WorkspaceServices.PublishedPort> publish(WorkspaceRecord record, String service, List<Request> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        return FileLocks.withLock(context.store.layout(record.workspaceId()).lock(), () -> {
            SandboxRecord sandboxRecord = currentSandbox(record);
            Sandbox sandbox = context.runtime.attach(sandboxRecord);
            List<Entry> made = new ArrayList<>();
            try {
                for (Request request : requests) {
                    PortForwards.Forward forward = sandbox.forwardPort(request.hostPort(), request.guestPort());
                    made.add(new Entry(service, forward.id(), forward.hostPort(), forward.guestPort()));
                }
            } catch (RuntimeException e) {
                made.forEach(entry -> sandbox.removeForward(entry.forwardId()));
                throw e;
            }
            List<Entry> book = new ArrayList<>(read(sandboxRecord));
            book.removeIf(entry -> entry.serviceName().equals(service));
            book.addAll(made);
            write(sandboxRecord, book);
            return made.stream().map(WorkspacePorts::published).toList();
        });
    }

    /** Every service's published ports, by service name. */
    Map<String, List<WorkspaceServices.PublishedPort>> all(WorkspaceRecord record) {
        SandboxRecord sandbox = currentSandboxOrNull(record);
        Map<String, List<WorkspaceServices.PublishedPort>> byService = new java.util.LinkedHashMap<>();
        if (sandbox != null) {
            for (Entry entry : read(sandbox)) {
                byService.computeIfAbsent(entry.serviceName(), name -> new ArrayList<>()).add(published(entry));
            }
        }
        return byService;
    }

    /** Removes the forwards of every service {@code ended} says has ended. */
    void release(WorkspaceRecord record, Predicate<String> ended) {
        SandboxRecord current = currentSandboxOrNull(record);
        if (current == null || read(current).stream().noneMatch(entry -> ended.test(entry.serviceName()))) {
            return;
        }
        FileLocks.withLock(context.store.layout(record.workspaceId()).lock(), () -> {
            SandboxRecord sandboxRecord = currentSandboxOrNull(record);
            if (sandboxRecord == null) {
                return null;
            }
            Sandbox sandbox = context.runtime.attach(sandboxRecord);
            List<Entry> kept = new ArrayList<>();
            for (Entry entry : read(sandboxRecord)) {
                if (ended.test(entry.serviceName())) {
                    sandbox.removeForward(entry.forwardId());
                } else {
                    kept.add(entry);
                }
            }
            write(sandboxRecord, kept);
            return null;
        });
    }

    private static WorkspaceServices.PublishedPort published(Entry entry) {
        return new WorkspaceServices.PublishedPort(Contract.PUBLISHED_PORT_HOST_ADDRESS, entry.hostPort(), entry.guestPort());
    }

    private SandboxRecord currentSandbox(WorkspaceRecord record) {
        SandboxRecord sandbox = currentSandboxOrNull(record);
        if (sandbox == null) {
            throw new PyroException("workspace_not_ready", "the sandbox of workspace " + record.workspaceId() + " is not running",
                    "start the service again");
        }
        return sandbox;
    }

    /** The sandbox as the record on disk names it now (a call may just have restarted it). */
    private SandboxRecord currentSandboxOrNull(WorkspaceRecord record) {
        return context.store.read(record.workspaceId()).map(WorkspaceRecord::sandbox).orElse(null);
    }

    private static List<Entry> read(SandboxRecord sandbox) {
        Path file = sandbox.stateDir().resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return JsonSupport.mapper().readValue(Files.readString(file), ENTRIES);
        } catch (IOException e) {
            throw new PyroException("state_corrupt", "cannot read " + file + ": " + e.getMessage(),
                    "reset the workspace to drop its published ports");
        }
    }

    private static void write(SandboxRecord sandbox, List<Entry> entries) {
        AtomicFiles.write(sandbox.stateDir().resolve(FILE), JsonSupport.write(entries));
    }
}
