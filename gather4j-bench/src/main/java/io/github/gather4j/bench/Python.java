package io.github.gather4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the same scenario in Python's asyncio through {@code python3}, when it is installed. */
final class Python {
  private Python() {}

  static List<Compare.Row> run(
      String scenario, int n, int rounds, Duration sleepB, Duration sleepC) {
    List<Compare.Row> rows = new ArrayList<>();
    for (String flavour : List.of("gather", "taskgroup")) {
      List<Compare.Sample> samples = new ArrayList<>();
      String note = "";
      try {
        Path script = Files.createTempFile("gather4j-bench", ".py");
        try (var in = Python.class.getResourceAsStream("/bench_asyncio.py")) {
          Files.write(script, in.readAllBytes());
        }
        Process p =
            new ProcessBuilder(
                    "python3",
                    script.toString(),
                    scenario,
                    flavour,
                    Integer.toString(n),
                    Integer.toString(rounds),
                    Double.toString(sleepB.toNanos() / 1e9),
                    Double.toString(sleepC.toNanos() / 1e9))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.MINUTES);
        Files.deleteIfExists(script);
        for (String line : output.strip().split("\n")) {
          String[] f = line.strip().split(" ");
          if (f.length >= 3 && f[0].equals("sample")) {
            samples.add(
                new Compare.Sample(
                    number(f[1]),
                    number(f[2]),
                    f.length < 4 || f[3].equals("ok"),
                    f.length > 4 ? String.join(" ", List.of(f).subList(4, f.length)) : ""));
          } else if (!line.isBlank()) {
            note = line.strip();
          }
        }
      } catch (IOException e) {
        note = "skipped: python3 is not installed (" + e.getMessage() + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        note = "interrupted";
      }
      if (samples.isEmpty()) {
        samples.add(new Compare.Sample(Double.NaN, Double.NaN, true, note));
      }
      rows.add(new Compare.Row("Python asyncio." + flavour, samples));
    }
    return rows;
  }

  private static double number(String text) {
    return text.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(text);
  }
}
