package io.github.gather4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

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

  /** How many redirects the JDK client follows (its jdk.httpclient.redirects.retrylimit). */
  static final int REDIRECT_LIMIT = Integer.getInteger("jdk.httpclient.redirects.retrylimit", 5);

  private final URI uri;
  private final Path target;
  private final boolean overwrite;
  private final boolean skipped;
  // A URL's user:password@ part, sent as HTTP Basic authentication (the JDK client drops it).
  private final String authorization;

  Download(URI uri, Path target, boolean overwrite, boolean skipped) {
    this.uri = uri;
    this.target = target;
    this.overwrite = overwrite;
    this.skipped = skipped;
    String userInfo = uri.getRawUserInfo();
    this.authorization =
        userInfo == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8));
  }

  URI uri() {
    return uri;
  }

  /** The URL as the summary and the JSON show it: a password in it replaced by {@code ***}. */
  String shown() {
    return redacted(uri);
  }

  static String redacted(URI uri) {
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null) {
      return uri.toString();
    }
    int colon = userInfo.indexOf(':');
    String shown = colon < 0 ? userInfo : userInfo.substring(0, colon) + ":***";
    return uri.toString().replace(userInfo + "@", shown + "@");
  }

  /** Whether the target already exists and {@code --skip-existing} keeps it. */
  boolean skipped() {
    return skipped;
  }

  /** The report of a download skipped because its file exists. */
  Report skippedReport() {
    return new Report(shown(), "skipped", 0, target, 0, null, null, null);
  }

  Path target() {
    return target;
  }

  /** Downloads; returns the report of a success, or throws with a message fit for the summary. */
  Report run(HttpClient client) throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpRequest.Builder request = HttpRequest.newBuilder(withoutUserInfo(uri)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<InputStream> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    String redirectedTo =
        response.uri().equals(withoutUserInfo(uri)) ? null : redacted(response.uri());
    int status = response.statusCode();
    try (InputStream body = response.body()) {
      if (status / 100 == 3) {
        throw new StatusException(status, "HTTP " + status + ": " + whyNotFollowed(response));
      }
      if (status / 100 != 2) {
        throw new StatusException(status, "HTTP " + status + describe(status));
      }
      // Made with the user's umask (createTempFile would make it 0600 for good).
      Path temp =
          target.resolveSibling(
              "." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".part");
      boolean moved = false;
      try {
        long bytes;
        try (OutputStream out =
            Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
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
            shown(),
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

  private static final SecureRandom RANDOM = new SecureRandom();

  private static URI withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri;
    }
    return URI.create(uri.toString().replace(uri.getRawUserInfo() + "@", ""));
  }

  /**
   * Why the client stopped at a redirect. It follows every redirect but one from https to http, so
   * a redirect with a place to go that comes back is either that, or one past its limit.
   */
  private static String whyNotFollowed(HttpResponse<?> response) {
    var location = response.headers().firstValue("Location");
    if (location.isEmpty()) {
      return "a redirect without a Location to go to";
    }
    if (response.uri().getScheme().equalsIgnoreCase("https")
        && location.get().regionMatches(true, 0, "http:", 0, 5)) {
      return "redirect from https to "
          + location.get()
          + " not followed (it would drop to plain http)";
    }
    return "too many redirects ("
        + REDIRECT_LIMIT
        + " followed, the next to "
        + location.get()
        + "): a redirect loop?";
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
   * Returns a safe file name for {@code uri}: its last path segment, decoded, with anything but
   * letters and digits (of any script: {@code été.txt} stays so), '.', '-' and '_' replaced, no
   * leading dots, never empty. It can never name a parent folder or an absolute path.
   */
  static String fileName(URI uri) {
    return fileName(uri, true);
  }

  /**
   * As {@link #fileName(URI)}; with {@code unicode} false, only ASCII letters and digits are kept
   * (for a JVM whose file names cannot hold others: started under the POSIX locale).
   */
  static String fileName(URI uri, boolean unicode) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    StringBuilder safe = new StringBuilder();
    last.codePoints()
        .forEach(
            c -> {
              boolean allowed =
                  (unicode ? Character.isLetterOrDigit(c) : c < 128 && Character.isLetterOrDigit(c))
                      || c == '.'
                      || c == '-'
                      || c == '_';
              safe.appendCodePoint(allowed ? c : '_');
            });
    String name = safe.toString().replaceFirst("^\\.+", "");
    // File systems allow 255 bytes per name: keep the end (the extension) within 200.
    while (name.getBytes(StandardCharsets.UTF_8).length > 200) {
      name = name.substring(name.offsetByCodePoints(0, 1));
    }
    return name.isEmpty() || name.chars().allMatch(ch -> ch == '_') ? "index.html" : name;
  }
}
