package io.github.gather4j.examples;

import io.github.gather4j.Gather;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Use case 3: downloading several files at once, at most three at a time (a polite client), with a
 * live progress bar.
 */
public final class DownloadExample {

  /** What the example downloaded. */
  public record Result(List<Path> files, Duration concurrent, Duration sequential) {}

  private DownloadExample() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("gather4j-downloads");
    try {
      run(System.out, dir, 8);
    } finally {
      deleteFolder(dir); // an example leaves nothing behind in the temporary folder
    }
  }

  public static Result run(PrintStream out, Path dir, int fileCount) throws Exception {
    try (FileServer server = new FileServer(2 * 1024 * 1024);
        HttpClient client = HttpClient.newHttpClient()) {
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < fileCount; i++) {
        urls.add(server.url("file" + i, 256 * 1024 + i * 64 * 1024));
      }

      long start = System.nanoTime();
      List<Path> files;
      try (ProgressBar bar =
          new ProgressBarBuilder()
              .setTaskName("Downloading")
              .setInitialMax(urls.size())
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(out))
              .build()) {
        files =
            Gather.with()
                .name("downloads")
                .limit(3)
                .onProgress(progress -> bar.stepTo(progress.ended()))
                .map(urls, url -> download(client, url, dir));
      }
      Duration concurrent = Timing.since(start);
      long bytes = 0;
      for (Path file : files) {
        bytes += Files.size(file);
      }
      out.printf(
          "Downloaded %d files (%d KiB) into %s in %.2f s, at most 3 at a time.%n",
          files.size(), bytes / 1024, dir, Timing.seconds(concurrent));

      Path sequentialDir = Files.createTempDirectory("gather4j-sequential");
      start = System.nanoTime();
      try {
        for (String url : urls) {
          download(client, url, sequentialDir);
        }
      } finally {
        deleteFolder(sequentialDir);
      }
      Duration sequential = Timing.since(start);
      out.printf("One after another: %.2f s.%n", Timing.seconds(sequential));
      return new Result(files, concurrent, sequential);
    }
  }

  /** Deletes {@code folder} and the files in it (the example makes no subfolders). */
  static void deleteFolder(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(folder);
  }

  static Path download(HttpClient client, String url, Path dir) throws Exception {
    Path target = dir.resolve(url.substring(url.lastIndexOf('/') + 1));
    HttpResponse<Path> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofFile(target));
    if (response.statusCode() != 200) {
      Files.deleteIfExists(target);
      throw new IOException("HTTP " + response.statusCode() + " for " + url);
    }
    return response.body();
  }
}
