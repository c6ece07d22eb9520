package io.github.gather4j.cli;

import java.io.PrintWriter;
import java.util.List;

/** The human summary of {@code gather fetch}, one line per URL in input order. */
final class Summary {
  private Summary() {}

  static void print(PrintWriter out, List<Download.Report> reports) {
    int ok = 0;
    int failed = 0;
    int other = 0;
    for (Download.Report r : reports) {
      String status = r.status() == 0 ? "-" : Integer.toString(r.status());
      String bytes = r.outcome().equals("success") ? String.format("%,d B", r.bytes()) : "-";
      String time = r.time() == null ? "-" : String.format("%.2f s", r.time().toNanos() / 1e9);
      String detail =
          r.outcome().equals("success")
              ? "-> "
                  + r.file()
                  + (r.redirectedTo() == null ? "" : " (redirected to " + r.redirectedTo() + ")")
              : r.error();
      out.printf("%-10s %4s %14s %8s  %s  %s%n", r.outcome(), status, bytes, time, r.url(), detail);
      switch (r.outcome()) {
        case "success" -> ok++;
        case "failure" -> failed++;
        default -> other++;
      }
    }
    out.printf(
        "%d URL%s: %d downloaded, %d failed, %d not finished.%n",
        reports.size(), reports.size() == 1 ? "" : "s", ok, failed, other);
  }
}
