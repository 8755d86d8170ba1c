package dev.pyro.mcp;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.contract.ToolProfile;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Serves MCP over Streamable HTTP at {@code /mcp} on embedded Jetty. Origin and Host headers
 * are checked (browsers on other sites get 403, DNS-rebinding names 421); with a token, every
 * request must carry it as a bearer token (401 otherwise).
 */
public final class HttpMcpServer implements AutoCloseable {
    private final Server jetty;
    private final McpSyncServer mcp;
    private final URI endpoint;

    private HttpMcpServer(Server jetty, McpSyncServer mcp, URI endpoint) {
        this.jetty = jetty;
        this.mcp = mcp;
        this.endpoint = endpoint;
    }

    /** {@code port} 0 picks a free port; {@code token} null means no authentication. */
    public static HttpMcpServer start(Pyro pyro, ToolProfile profile, String host, int port, String token) {
        boolean loopback = isLoopback(host);
        var transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper())
                .mcpEndpoint(Contract.MCP_ENDPOINT)
                .securityValidator(securityValidator(host, loopback))
                .build();
        McpSyncServer mcp = PyroMcpServer.create(pyro, profile, transport);

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder servlet = new ServletHolder(transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, Contract.MCP_ENDPOINT);
        if (token != null) {
            FilterHolder auth = new FilterHolder(new BearerTokenFilter(token));
            auth.setAsyncSupported(true);
            context.addFilter(auth, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            mcp.close();
            throw new PyroException("mcp_listen_failed", "cannot listen on " + host + ":" + port + ": " + e.getMessage(),
                    "choose another --port (0 picks a free one) or stop what is using it");
        }
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return new HttpMcpServer(jetty, mcp, URI.create("http://" + shownHost + ":" + connector.getLocalPort()
                + Contract.MCP_ENDPOINT));
    }

    public URI endpoint() {
        return endpoint;
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() {
        mcp.closeGracefully();
        try {
            jetty.stop();
        } catch (Exception e) {
            // Stopping is best effort; the process is on its way out.
        }
    }

    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw PyroException.invalidArgument("cannot resolve --host " + host + ": " + e.getMessage());
        }
    }

    private static DefaultServerTransportSecurityValidator securityValidator(String host, boolean loopback) {
        List<String> names = new ArrayList<>(List.of("127.0.0.1", "localhost", "[::1]"));
        if (!loopback) {
            names.add(host.contains(":") ? "[" + host + "]" : host);
        }
        var builder = DefaultServerTransportSecurityValidator.builder();
        for (String name : names) {
            builder.allowedOrigin("http://" + name + ":*").allowedOrigin("http://" + name);
            if (loopback) {
                // Host names are checked only on loopback, against DNS rebinding; elsewhere the token guards.
                builder.allowedHost(name + ":*").allowedHost(name);
            }
        }
        return builder.build();
    }
}
