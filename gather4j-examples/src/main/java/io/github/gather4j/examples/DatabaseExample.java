package io.github.gather4j.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.gather4j.Gather;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Use case 4: the dashboard's six reporting queries on a real PostgreSQL server, started by the
 * example itself (the server's binaries come from a Maven dependency), one pooled connection per
 * task (HikariCP, the pool sized to the gather's limit): first one after another, then gathered.
 *
 * <p>The server runs each query on one core ({@code max_parallel_workers_per_gather = 0}, as a busy
 * server would): on 2 cores, four queries gathered take about half the time of four in a row. The
 * server is stopped when the example ends, also on Ctrl-C.
 */
public final class DatabaseExample {

  /**
   * The reports in the order asked for, both times, the most queries the gather had at the server
   * at once, and the server's port.
   */
  public record Result(
      List<String> reports, Duration concurrent, Duration sequential, int peakAtOnce, int port) {}

  /** The six reports of the dashboard. */
  static final List<String> QUERIES =
      List.of(
          "SELECT c.country, SUM(o.quantity * p.price) FROM orders o"
              + " JOIN customers c ON c.id = o.customer_id JOIN products p ON p.id = o.product_id"
              + " GROUP BY c.country ORDER BY 2 DESC LIMIT 1",
          "SELECT p.name, SUM(o.quantity) FROM orders o JOIN products p ON p.id = o.product_id"
              + " GROUP BY p.name ORDER BY 2 DESC LIMIT 1",
          "SELECT COUNT(DISTINCT o.customer_id) FROM orders o WHERE o.quantity > 5",
          "SELECT COUNT(*) FROM customers c"
              + " WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)",
          "SELECT quantity, COUNT(*) FROM orders GROUP BY quantity ORDER BY 2 DESC LIMIT 1",
          "SELECT p.name, AVG(o.quantity) FROM orders o JOIN products p ON p.id = o.product_id"
              + " GROUP BY p.name ORDER BY 2 DESC LIMIT 1");

  private static final int LIMIT = QUERIES.size();

  private DatabaseExample() {}

  /**
   * Runs the example; {@code --port N} asks for that port (default: any free one).
   *
   * @param args nothing, or {@code --port N}
   */
  public static void main(String[] args) throws Exception {
    int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 0;
    try {
      run(System.out, 2_000_000, port);
    } catch (ServerFailed e) {
      System.err.println("database example: " + e.getMessage());
      System.exit(1);
    }
  }

  /** The server could not be started: said in one line. */
  public static final class ServerFailed extends Exception {
    private static final long serialVersionUID = 1L;

    ServerFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Starts a server, loads {@code orderCount} orders, runs the reports one after another and
   * gathered, and stops the server.
   *
   * @param port the server's port, or 0 for any free one
   */
  public static Result run(PrintStream out, int orderCount, int port) throws Exception {
    EmbeddedPostgres server = start(port);
    // Ctrl-C runs the shutdown hooks, not the finally below: the hook stops the server then.
    Thread stopOnExit = new Thread(() -> close(server), "database-example-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try (HikariDataSource pool = pool(server)) {
      long start = System.nanoTime();
      createShop(pool, orderCount);
      out.printf(
          "Started PostgreSQL on port %d and loaded a shop with %,d orders in %d ms.%n",
          server.getPort(), orderCount, Timing.since(start).toMillis());
      for (String sql : QUERIES) {
        query(pool, sql); // warm the server's caches, so neither timing below pays for it
      }

      start = System.nanoTime();
      List<Long> each = new ArrayList<>();
      for (String sql : QUERIES) {
        long one = System.nanoTime();
        query(pool, sql);
        each.add(Timing.since(one).toMillis());
      }
      Duration sequential = Timing.since(start);

      AtomicInteger atOnce = new AtomicInteger();
      AtomicInteger peak = new AtomicInteger();
      List<Callable<String>> reports = new ArrayList<>();
      for (String sql : QUERIES) {
        reports.add(
            () -> {
              peak.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
              try {
                return query(pool, sql);
              } finally {
                atOnce.decrementAndGet();
              }
            });
      }
      start = System.nanoTime();
      List<String> results = Gather.with().name("reports").limit(LIMIT).all(reports);
      Duration concurrent = Timing.since(start);

      out.println("Best country by revenue:   " + results.get(0));
      out.println("Best-selling product:      " + results.get(1));
      out.println("Customers with big orders: " + results.get(2));
      out.println("Customers with no orders:  " + results.get(3));
      out.println("Most common order size:    " + results.get(4));
      out.println("Largest average order:     " + results.get(5));
      out.printf(
          "%d queries one after another: %d ms (%s ms each); gathered, one pooled connection"
              + " each: %d ms (%.2fx), up to %d at once. The server runs each query on one core;"
              + " it has %d.%n",
          QUERIES.size(),
          sequential.toMillis(),
          each.stream().map(String::valueOf).collect(Collectors.joining(" + ")),
          concurrent.toMillis(),
          concurrent.toNanos() / (double) sequential.toNanos(),
          peak.get(),
          Runtime.getRuntime().availableProcessors());
      return new Result(results, concurrent, sequential, peak.get(), server.getPort());
    } finally {
      close(server);
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs, and stops the server too (closing twice is harmless)
      }
    }
  }

  private static EmbeddedPostgres start(int port) throws ServerFailed {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setServerConfig("max_parallel_workers_per_gather", "0")
              .setServerConfig("shared_buffers", "256MB")
              .setServerConfig("work_mem", "64MB") // no query spills to disk
              .setServerConfig("fsync", "off"); // a demo's data: nothing to keep
      if (port != 0) {
        builder.setPort(port);
      }
      return builder.start();
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new ServerFailed(
          "PostgreSQL did not start"
              + (port != 0 ? " on port " + port + " (is it taken?)" : "")
              + ": "
              + why.lines().findFirst().orElse(why),
          e);
    }
  }

  private static void close(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException e) {
      // stopping a server that is already stopped
    }
  }

  private static HikariDataSource pool(EmbeddedPostgres server) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(server.getPostgresDatabase());
    config.setMaximumPoolSize(LIMIT); // one connection for each task the gather runs at once
    config.setPoolName("reports");
    return new HikariDataSource(config);
  }

  /** One report, on a pooled connection of its own. */
  static String query(HikariDataSource pool, String sql) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      StringBuilder row = new StringBuilder(rows.getString(1));
      for (int column = 2; column <= rows.getMetaData().getColumnCount(); column++) {
        row.append(" (").append(rows.getString(column)).append(')');
      }
      return row.toString();
    }
  }

  /** A shop: customers in 8 countries, 200 products, orders; the last tenth never orders. */
  static void createShop(HikariDataSource pool, int orderCount) throws SQLException {
    int customers = Math.max(10, orderCount / 20);
    try (Connection db = pool.getConnection();
        Statement s = db.createStatement()) {
      s.execute("SELECT setseed(0.42)");
      s.execute(
          "CREATE TABLE customers AS SELECT i AS id, 'customer ' || i AS name,"
              + " (ARRAY['DE','FR','US','JP','BR','IN','NG','SE'])[1 + (i % 8)] AS country"
              + " FROM generate_series(0, "
              + (customers - 1)
              + ") AS i");
      s.execute(
          "CREATE TABLE products AS SELECT i AS id, 'product ' || i AS name,"
              + " round((1 + random() * 99)::numeric, 2) AS price"
              + " FROM generate_series(0, 199) AS i");
      s.execute(
          "CREATE TABLE orders AS SELECT i AS id,"
              + " floor(random() * "
              + (customers - customers / 10)
              + ")::int AS customer_id,"
              + " floor(random() * 200)::int AS product_id,"
              + " 1 + floor(random() * 9)::int AS quantity"
              + " FROM generate_series(0, "
              + (orderCount - 1)
              + ") AS i");
      s.execute("ALTER TABLE customers ADD PRIMARY KEY (id)");
      s.execute("ALTER TABLE products ADD PRIMARY KEY (id)");
      s.execute("CREATE INDEX orders_by_customer ON orders (customer_id)");
      s.execute("ANALYZE");
    }
  }
}
