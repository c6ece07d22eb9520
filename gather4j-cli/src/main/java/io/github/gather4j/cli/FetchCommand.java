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
      "Downloads URLs concurrently into a folder. Fails fast: the first failed download cancels",
      "the others, unless --settled. Exit code 0 when all succeeded, 1 when one did not, 2 for bad",
      "usage."
    })
final class FetchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--limit", paramLabel = "N", description = "At most N downloads at once.")
  Integer limit;

  @Option(
      names = "--timeout",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Give up on what is unfinished after D (500ms, 30s, 2m, PT1M).")
  Duration timeout;

  @Option(names = "--settled", description = "Keep going when a download fails; report each.")
  boolean settled;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Folder to save into (created if missing; default: the current folder).")
  Path dir;

  @Option(names = "--force", description = "Overwrite files that already exist.")
  boolean force;

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
    Gathering gathering = Gather.with().name("fetch");
    if (limit != null) {
      gathering = gathering.limit(limit);
    }
    if (timeout != null) {
      gathering = gathering.timeout(timeout);
    }

    AtomicReferenceArray<Download.Report> reports = new AtomicReferenceArray<>(downloads.size());
    boolean bar = !json && Terminal.isInteractive();
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
        tasks.add(
            () -> {
              long start = System.nanoTime();
              try {
                Download.Report report = download.run(client);
                reports.set(index, report);
                if (!bar && !json) {
                  out.printf(
                      "done  %s (%,d bytes, %.2f s)%n",
                      report.url(), report.bytes(), report.time().toNanos() / 1e9);
                }
                return report;
              } catch (IOException | RuntimeException | Error e) {
                if (!Thread.currentThread().isInterrupted()) {
                  reports.set(index, failed(download, e, start));
                  if (!bar && !json) {
                    out.printf("fail  %s (%s)%n", download.uri(), message(e));
                  }
                }
                throw e;
              }
            });
      }
      Gathering withProgress =
          progress == null ? gathering : gathering.onProgress(p -> progress.stepTo(p.ended()));
      try {
        if (settled) {
          withProgress.settled(tasks);
        } else {
          withProgress.all(tasks);
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
                  downloads.get(i).uri().toString(),
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
    return all.stream().allMatch(r -> r.outcome().equals("success"))
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
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw usage("-o " + dir + " is not a folder");
    }
    Path folder = dir.toAbsolutePath().normalize();
    Set<String> names = new HashSet<>();
    List<Download> downloads = new ArrayList<>();
    for (String text : urls) {
      URI uri = parse(text);
      String name = unique(Download.fileName(uri), names);
      Path target = folder.resolve(name).normalize();
      if (!folder.equals(target.getParent())) {
        throw usage("refusing to save " + text + " outside " + dir); // unreachable by design
      }
      if (Files.exists(target) && !force) {
        throw usage(dir.resolve(name) + " already exists: use --force to overwrite it");
      }
      downloads.add(new Download(uri, target, force));
    }
    Files.createDirectories(folder);
    return downloads;
  }

  private URI parse(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw usage("not an http or https URL: '" + text + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw usage("malformed URL '" + text + "': " + e.getReason());
    }
  }

  private static String unique(String name, Set<String> taken) {
    String candidate = name;
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String extension = dot > 0 ? name.substring(dot) : "";
    for (int n = 2; !taken.add(candidate); n++) {
      candidate = stem + "-" + n + extension;
    }
    return candidate;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private static Download.Report failed(Download download, Throwable e, long start) {
    int status = e instanceof Download.StatusException s ? s.status : 0;
    return new Download.Report(
        download.uri().toString(),
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
