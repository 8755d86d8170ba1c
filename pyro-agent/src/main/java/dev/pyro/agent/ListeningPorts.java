package dev.pyro.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The TCP ports something listens on in this network namespace, from /proc/net/tcp and tcp6. */
final class ListeningPorts {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String LISTEN = "0A";

    private ListeningPorts() {
    }

    static Set<Integer> now() {
        Set<Integer> ports = new HashSet<>();
        for (Path table : TABLES) {
            try {
                for (String line : Files.readAllLines(table)) {
                    parse(line.trim(), ports);
                }
            } catch (IOException e) {
                // No IPv6 in this kernel: the other table still counts.
            }
        }
        return ports;
    }

    /** {@code sl local_address rem_address st ...}: local_address is ADDRESS:PORT in hex. */
    private static void parse(String line, Set<Integer> ports) {
        String[] fields = line.split("\\s+");
        if (fields.length < 4 || !fields[3].equals(LISTEN)) {
            return;
        }
        int colon = fields[1].lastIndexOf(':');
        try {
            ports.add(Integer.parseInt(fields[1].substring(colon + 1), 16));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            // The header line, or one the kernel formats differently.
        }
    }
}
