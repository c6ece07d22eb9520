package io.github.gather4j.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;

/**
 * A local HTTP server for the download example: {@code /files/NAME-SIZE.bin} returns SIZE bytes,
 * sent in 16 KiB chunks at about {@code bytesPerSecond}, like a slow mirror.
 */
final class FileServer implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;
  private final HttpServer server;

  FileServer(long bytesPerSecond) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Duration perChunk = Duration.ofNanos(CHUNK * 1_000_000_000L / bytesPerSecond);
    server.createContext(
        "/files/",
        exchange -> {
          try (exchange) {
            String name = exchange.getRequestURI().getPath().substring("/files/".length());
            int size =
                Integer.parseInt(name.substring(name.lastIndexOf('-') + 1, name.indexOf('.')));
            exchange.sendResponseHeaders(200, size);
            byte[] chunk = new byte[CHUNK];
            new Random(size).nextBytes(chunk);
            OutputStream body = exchange.getResponseBody();
            for (int sent = 0; sent < size; sent += CHUNK) {
              Thread.sleep(perChunk);
              body.write(chunk, 0, Math.min(CHUNK, size - sent));
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            exchange.sendResponseHeaders(404, -1);
          }
        });
    server.start();
  }

  String url(String name, int size) {
    return "http://127.0.0.1:"
        + server.getAddress().getPort()
        + "/files/"
        + name
        + "-"
        + size
        + ".bin";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
