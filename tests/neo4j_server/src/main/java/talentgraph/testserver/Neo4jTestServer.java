package talentgraph.testserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Neo4j Community with its Bolt connector, for talentgraph's test suite.
 *
 * <p>Usage: {@code Neo4jTestServer HOME}. The settings come from {@code HOME/conf/neo4j.conf}
 * (written by tests/integration/neo4j_launcher.py: Bolt on 127.0.0.1 port 0, authentication on,
 * memory). The first line on standard input is the password to give the user {@code neo4j}; the
 * server then runs until standard input ends (the parent closed it, or died), or a SIGTERM.
 *
 * <p>Once Bolt accepts connections it prints one line:
 * {@code talentgraph-neo4j ready bolt://127.0.0.1:PORT VERSION EDITION}.
 */
public final class Neo4jTestServer {
    private Neo4jTestServer() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Neo4jTestServer HOME (password on the first line of standard input)");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String password = stdin.readLine();
        if (password == null || password.isBlank()) {
            System.err.println("no password on standard input");
            System.exit(2);
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(home.resolve("conf").resolve("neo4j.conf"))
                .build();
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                dbms.shutdown();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "neo4j-test-server-stop"));

        // The initial password, as neo4j-admin dbms set-initial-password would set it; the
        // embedded API runs as an unrestricted user, so the system database accepts it.
        dbms.database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));

        GraphDatabaseService db = dbms.database("neo4j");
        String[] component = db.executeTransactionally(
                "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition",
                Map.of(),
                result -> {
                    Map<String, Object> row = result.next();
                    return new String[] {(String) row.get("version"), (String) row.get("edition")};
                });
        HostnamePort bolt = ((GraphDatabaseAPI) db).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        System.out.println("talentgraph-neo4j ready bolt://" + bolt.getHost() + ":" + bolt.getPort()
                + " " + component[0] + " " + component[1]);
        System.out.flush();

        while (stdin.read() != -1) {
            // Anything more on standard input is ignored; its end stops the server.
        }
        stop.run();
        System.exit(0);
    }
}
