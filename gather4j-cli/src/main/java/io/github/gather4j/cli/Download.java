package io.github.gather4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * One URL to download to one file. The body goes to a hidden temporary file beside the target and
 * is moved into place only once complete, so a failure, a timeout or Ctrl-C leaves no half-written
 * file behind.
 */
final class Download {
  /** How a download ended, for the summary and the JSON. */
  record Report(
      String url,
      String outcome,
      int status,
      Path file,
      long bytes,
      Duration time,
      String redirectedTo,
      String error) {}

  private final URI uri;
  private final Path target;
  private final boolean overwrite;

  Download(URI uri, Path target, boolean overwrite) {
    this.uri = uri;
    this.target = target;
    this.overwrite = overwrite;
  }

  URI uri() {
    return uri;
  }

  Path target() {
    return target;
  }

  /** Downloads; returns the report of a success, or throws with a message fit for the summary. */
  Report run(HttpClient client) throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<InputStream> response =
        client.send(
            HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    String redirectedTo = response.uri().equals(uri) ? null : response.uri().toString();
    int status = response.statusCode();
    try (InputStream body = response.body()) {
      if (status / 100 == 3) {
        String location = response.headers().firstValue("Location").orElse("nowhere");
        throw new StatusException(
            status, "HTTP " + status + ": redirect to " + location + " not followed");
      }
      if (status / 100 != 2) {
        throw new StatusException(status, "HTTP " + status + describe(status));
      }
      Path temp =
          Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
      boolean moved = false;
      try {
        long bytes;
        try (OutputStream out = Files.newOutputStream(temp)) {
          bytes = body.transferTo(out);
        }
        if (overwrite) {
          Files.move(
              temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
          Files.move(temp, target);
        }
        moved = true;
        return new Report(
            uri.toString(),
            "success",
            status,
            target,
            bytes,
            Duration.ofNanos(System.nanoTime() - start),
            redirectedTo,
            null);
      } finally {
        if (!moved) {
          Files.deleteIfExists(temp);
        }
      }
    }
  }

  private static String describe(int status) {
    return switch (status) {
      case 400 -> " Bad Request";
      case 401 -> " Unauthorized";
      case 403 -> " Forbidden";
      case 404 -> " Not Found";
      case 410 -> " Gone";
      case 429 -> " Too Many Requests";
      case 500 -> " Internal Server Error";
      case 502 -> " Bad Gateway";
      case 503 -> " Service Unavailable";
      case 504 -> " Gateway Timeout";
      default -> "";
    };
  }

  /** A response whose status is not a success. */
  static final class StatusException extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;

    StatusException(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /**
   * Returns a safe file name for {@code uri}: its last path segment with anything but letters,
   * digits, '.', '-' and '_' replaced, no leading dots, never empty. It can never name a parent
   * folder or an absolute path.
   */
  static String fileName(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    StringBuilder safe = new StringBuilder();
    for (char c : last.toCharArray()) {
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == '_';
      safe.append(allowed ? c : '_');
    }
    String name = safe.toString().replaceFirst("^\\.+", "");
    if (name.length() > 200) {
      name = name.substring(name.length() - 200);
    }
    return name.isEmpty() || name.chars().allMatch(ch -> ch == '_') ? "index.html" : name;
  }
}
