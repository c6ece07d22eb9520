package io.github.gather4j.examples;

import io.github.gather4j.Gather;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Use case 4: four reporting queries in parallel on an embedded H2 database, each task with its own
 * JDBC connection (a connection is not thread-safe, a database is).
 */
public final class DatabaseExample {

  /** The four reports, in the order they were asked for. */
  public record Result(List<String> reports, Duration concurrent, Duration sequential) {}

  static final List<String> QUERIES =
      List.of(
          "SELECT c.country, SUM(o.quantity * p.price) FROM orders o"
              + " JOIN customers c ON c.id = o.customer_id JOIN products p ON p.id = o.product_id"
              + " GROUP BY c.country ORDER BY 2 DESC LIMIT 1",
          "SELECT p.name, SUM(o.quantity) FROM orders o JOIN products p ON p.id = o.product_id"
              + " GROUP BY p.name ORDER BY 2 DESC LIMIT 1",
          "SELECT COUNT(DISTINCT o.customer_id) FROM orders o WHERE o.quantity > 5",
          "SELECT COUNT(*) FROM customers c"
              + " WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)");

  private DatabaseExample() {}

  public static void main(String[] args) throws Exception {
    run(System.out, 200_000);
  }

  public static Result run(PrintStream out, int orderCount) throws Exception {
    String url = "jdbc:h2:mem:shop" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    try (Connection keepAlive = DriverManager.getConnection(url)) {
      createShop(keepAlive, orderCount);
      out.printf("Created a shop with %,d orders in H2.%n", orderCount);

      List<Callable<String>> reports = new ArrayList<>();
      for (String sql : QUERIES) {
        reports.add(() -> query(url, sql));
      }
      for (String sql : QUERIES) {
        query(url, sql); // warm up the JIT and H2's caches, so neither timing below pays for it
      }
      long start = System.nanoTime();
      List<String> results = Gather.all(reports);
      Duration concurrent = SeedExample.since(start);

      start = System.nanoTime();
      for (String sql : QUERIES) {
        query(url, sql);
      }
      Duration sequential = SeedExample.since(start);

      out.println("Best country by revenue:  " + results.get(0));
      out.println("Best-selling product:     " + results.get(1));
      out.println("Customers with big orders: " + results.get(2));
      out.println("Customers with no orders:  " + results.get(3));
      out.printf(
          "4 queries in parallel: %d ms; one after another: %d ms.%n"
              + "H2 runs inside this JVM, so its queries only compute: in parallel they share %d"
              + " cores. Against a database server, each query also waits for the network and the"
              + " disk, and that waiting is what running them at once hides.%n",
          concurrent.toMillis(), sequential.toMillis(), Runtime.getRuntime().availableProcessors());
      try (Statement s = keepAlive.createStatement()) {
        s.execute("SHUTDOWN");
      }
      return new Result(results, concurrent, sequential);
    }
  }

  /** One report, on a connection of its own. */
  static String query(String url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
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

  static void createShop(Connection db, int orderCount) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(
          "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(40), country VARCHAR(2))");
      s.execute(
          "CREATE TABLE products (id INT PRIMARY KEY, name VARCHAR(40), price DECIMAL(10,2))");
      s.execute(
          "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, product_id INT, quantity INT)");
    }
    String[] countries = {"DE", "FR", "US", "JP", "BR", "IN", "NG", "SE"};
    Random random = new Random(42);
    int customers = Math.max(10, orderCount / 20);
    try (PreparedStatement insert = db.prepareStatement("INSERT INTO customers VALUES (?, ?, ?)")) {
      for (int i = 0; i < customers; i++) {
        insert.setInt(1, i);
        insert.setString(2, "customer " + i);
        insert.setString(3, countries[random.nextInt(countries.length)]);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    try (PreparedStatement insert = db.prepareStatement("INSERT INTO products VALUES (?, ?, ?)")) {
      for (int i = 0; i < 200; i++) {
        insert.setInt(1, i);
        insert.setString(2, "product " + i);
        insert.setBigDecimal(3, java.math.BigDecimal.valueOf(1 + random.nextInt(9_900), 2));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    try (PreparedStatement insert = db.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < orderCount; i++) {
        insert.setInt(1, i);
        insert.setInt(2, random.nextInt(customers - customers / 10)); // the last tenth never orders
        insert.setInt(3, random.nextInt(200));
        insert.setInt(4, 1 + random.nextInt(9));
        insert.addBatch();
        if (i % 10_000 == 9_999) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
    try (Statement s = db.createStatement()) {
      s.execute("CREATE INDEX orders_by_customer ON orders (customer_id)");
      s.execute("CREATE INDEX orders_by_product ON orders (product_id)");
    }
  }
}
