package io.github.gather4j.cli;

import io.github.gather4j.Gather;
import io.github.gather4j.GatherTimeoutException;
import io.github.gather4j.Gathering;
import io.github.gather4j.TaskFailedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gather fetch}: downloads URLs concurrently, then prints a summary in input order. */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description = {
      "Downloads URLs concurrently into a folder.",
      "At most 16 at once unless --limit says otherwise. Keeps going when a download fails and",
      "reports each, unless --fail-fast. Exit code 0 when all succeeded (or were skipped), 1 when",
      "one did not, 2 for bad usage; nothing is sent when the arguments are wrong."
    })
final class FetchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The default limit: a few connections per core, like the downloaders people know. */
  static final int DEFAULT_LIMIT = 16;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N downloads at once (default: " + DEFAULT_LIMIT + ").")
  Integer limit;

  @Option(
      names = "--timeout",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Give up on what is unfinished after D (500ms, 30s, 2m, PT1M).")
  Duration timeout;

  @Option(
      names = "--fail-fast",
      description = "Stop at the first failed download: cancel the others.")
  boolean failFast;

  @Option(
      names = "--settled",
      description = "Keep going when a download fails, reporting each (the default).")
  boolean settled;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Folder to save into (created if missing; default: the current folder).")
  Path dir;

  @Option(names = "--force", description = "Overwrite files that already exist.")
  boolean force;

  @Option(
      names = "--skip-existing",
      description = "Leave files that already exist alone, reported as skipped: re-run a batch.")
  boolean skipExisting;

  @Option(
      names = {"-v", "--verbose"},
      description = "Off a terminal, print a line as each download ends (the summary has all).")
  boolean verbose;

  @Option(names = "--json", description = "Print the results as JSON.")
  boolean json;

  @Parameters(paramLabel = "URL", arity = "1..*", description = "http or https URLs.")
  List<String> urls;

  @Override
  public Integer call() throws Exception {
    List<Download> downloads = plan();
    // Ctrl-C runs shutdown hooks but does not stop the main thread: interrupt it, so the gather
    // cancels every download (each deletes its temporary file), and wait for that to finish.
    Thread caller = Thread.currentThread();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              caller.interrupt();
              try {
                // Not caller.join(): after main returns, its thread waits for the hooks to end.
                finished.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "gather-fetch-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return download(downloads);
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running and has been told that the downloads are cleaned up
      }
    }
  }

  private int download(List<Download> downloads) {
    PrintWriter out = spec.commandLine().getOut();
    Gathering gathering = Gather.with().name("fetch").limit(limit == null ? DEFAULT_LIMIT : limit);
    if (timeout != null) {
      gathering = gathering.timeout(timeout);
    }

    AtomicReferenceArray<Download.Report> reports = new AtomicReferenceArray<>(downloads.size());
    boolean bar = !json && Terminal.isInteractive();
    boolean lines = !bar && !json && verbose;
    List<Callable<Download.Report>> tasks = new ArrayList<>();
    // Why the downloads that did not finish did not: taken from how the gather ended, never
    // guessed from the options (a Ctrl-C under --settled --timeout is not a timeout).
    // A settled call that returns can only have been cut off by its timeout.
    Unfinished why = Unfinished.TIMED_OUT;
    try (HttpClient client =
            HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        ProgressBar progress = bar ? progressBar(downloads.size()) : null) {
      for (int i = 0; i < downloads.size(); i++) {
        int index = i;
        Download download = downloads.get(i);
        if (download.skipped()) {
          reports.set(index, download.skippedReport());
          tasks.add(download::skippedReport);
          continue;
        }
        tasks.add(
            () -> {
              long start = System.nanoTime();
              try {
                Download.Report report = download.run(client);
                reports.set(index, report);
                if (lines) {
                  out.printf(
                      "done  %s (%,d bytes, %.2f s)%n",
                      report.url(), report.bytes(), report.time().toNanos() / 1e9);
                }
                return report;
              } catch (IOException | RuntimeException | Error e) {
                if (!Thread.currentThread().isInterrupted()) {
                  reports.set(index, failed(download, e, start));
                  if (lines) {
                    out.printf("fail  %s (%s)%n", download.shown(), message(e));
                  }
                }
                throw e;
              }
            });
      }
      // Downloads that ended, not those cancelled: a stopped batch never shows 100 %.
      Gathering withProgress =
          progress == null
              ? gathering
              : gathering.onProgress(
                  p -> {
                    progress.stepTo(p.succeeded() + p.failed());
                    if (p.failed() > 0) {
                      progress.setExtraMessage(p.failed() + " failed");
                    }
                  });
      try {
        if (failFast) {
          withProgress.all(tasks);
        } else {
          withProgress.settled(tasks);
        }
      } catch (TaskFailedException e) {
        why = Unfinished.ANOTHER_FAILED; // reported in the summary, with the others cancelled
      } catch (GatherTimeoutException e) {
        why = Unfinished.TIMED_OUT;
      } catch (InterruptedException e) {
        // Ctrl-C: every download was cancelled and has cleaned up; report what got done.
        why = Unfinished.INTERRUPTED;
        Thread.currentThread().interrupt();
      }
    }

    List<Download.Report> all = new ArrayList<>();
    for (int i = 0; i < downloads.size(); i++) {
      Download.Report report = reports.get(i);
      all.add(
          report != null
              ? report
              : new Download.Report(
                  downloads.get(i).shown(),
                  why.outcome,
                  0,
                  null,
                  0,
                  null,
                  null,
                  why == Unfinished.TIMED_OUT ? "unfinished after " + timeout : why.reason));
    }
    if (json) {
      out.println(Json.of(all));
    } else {
      Summary.print(out, all);
    }
    return all.stream()
            .allMatch(r -> r.outcome().equals("success") || r.outcome().equals("skipped"))
        ? GatherCommand.OK
        : GatherCommand.FAILED;
  }

  /** Why a download did not finish, as the summary and the JSON say it. */
  enum Unfinished {
    ANOTHER_FAILED("cancelled", "cancelled after another download failed"),
    TIMED_OUT("timed out", "unfinished at the timeout"),
    INTERRUPTED("cancelled", "interrupted by the user (Ctrl-C or a TERM signal)");

    final String outcome;
    final String reason;

    Unfinished(String outcome, String reason) {
      this.outcome = outcome;
      this.reason = reason;
    }
  }

  /** Checks the arguments and works out every target file; nothing is downloaded yet. */
  private List<Download> plan() throws IOException {
    if (limit != null && limit < 1) {
      throw usage("--limit must be at least 1, was " + limit);
    }
    if (force && skipExisting) {
      throw usage("--force and --skip-existing contradict each other: choose one");
    }
    if (failFast && settled) {
      throw usage("--fail-fast and --settled contradict each other: choose one");
    }
    Path folder = dir.toAbsolutePath().normalize();
    checkFolder(folder);
    Set<String> names = new HashSet<>();
    List<Download> downloads = new ArrayList<>();
    for (String text : urls) {
      URI uri = parse(text);
      String name = unique(Download.fileName(uri), names, folder);
      Path target;
      try {
        target = folder.resolve(name).normalize();
      } catch (InvalidPathException e) {
        // This JVM's file names cannot hold the name's characters (the POSIX locale): ASCII.
        name = unique(Download.fileName(uri, false), names, folder);
        target = folder.resolve(name).normalize();
      }
      if (!folder.equals(target.getParent())) {
        throw usage("refusing to save " + text + " outside " + dir); // unreachable by design
      }
      boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
      if (exists && !force && !skipExisting) {
        throw usage(
            dir.resolve(name)
                + " already exists: use --force to overwrite it, or --skip-existing to keep it");
      }
      downloads.add(new Download(uri, target, force, exists && skipExisting));
    }
    Files.createDirectories(folder);
    return downloads;
  }

  /**
   * Checks, before anything is sent, that {@code folder} is or can become a writable folder: no
   * part of its path is a file, and the nearest existing part is a folder this user may write to.
   */
  private void checkFolder(Path folder) {
    Path existing = folder;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return; // nothing of it exists: createDirectories reports what it finds
    }
    if (!Files.isDirectory(existing)) {
      throw usage(
          "-o "
              + dir
              + ": "
              + existing
              + " is a file, not a folder"
              + (existing.equals(folder) ? "" : ", so no folder can be made under it"));
    }
    if (!Files.isWritable(existing)) {
      throw usage(
          "-o "
              + dir
              + ": "
              + (existing.equals(folder) ? "the folder" : "the folder " + existing)
              + " is not writable by this user");
    }
  }

  private URI parse(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw usage("not an http or https URL: '" + text + "'");
      }
      if (uri.getPort() > 65535) {
        throw usage("port " + uri.getPort() + " out of range (1-65535) in '" + text + "'");
      }
      // Non-ASCII characters (a raw UTF-8 name) are sent percent-encoded, as browsers do.
      return new URI(uri.toASCIIString());
    } catch (URISyntaxException e) {
      throw usage("malformed URL '" + text + "': " + e.getReason());
    }
  }

  /**
   * Returns {@code name}, or, when another URL of this batch has it, the first {@code name-N} that
   * no URL of the batch has and no file in {@code folder} has either: a renamed download never
   * replaces a file of the user's, {@code --force} or not.
   */
  private static String unique(String name, Set<String> taken, Path folder) {
    if (taken.add(name)) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String extension = dot > 0 ? name.substring(dot) : "";
    for (int n = 2; ; n++) {
      String candidate = stem + "-" + n + extension;
      if (!Files.exists(folder.resolve(candidate), LinkOption.NOFOLLOW_LINKS)
          && taken.add(candidate)) {
        return candidate;
      }
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private static Download.Report failed(Download download, Throwable e, long start) {
    int status = e instanceof Download.StatusException s ? s.status : 0;
    return new Download.Report(
        download.shown(),
        "failure",
        status,
        null,
        0,
        Duration.ofNanos(System.nanoTime() - start),
        null,
        message(e));
  }

  static String message(Throwable e) {
    if (e instanceof Download.StatusException) {
      return e.getMessage();
    }
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    String text = e.getMessage();
    return e.getClass().getSimpleName() + (text == null || text.isBlank() ? "" : ": " + text);
  }

  private static ProgressBar progressBar(int total) {
    return new ProgressBarBuilder().setTaskName("Downloading").setInitialMax(total).build();
  }
}
