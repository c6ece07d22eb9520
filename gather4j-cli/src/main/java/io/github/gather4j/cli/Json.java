package io.github.gather4j.cli;

import java.util.List;

/** The {@code --json} output of {@code gather fetch}; written by hand, it is small. */
final class Json {
  private Json() {}

  static String of(List<Download.Report> reports) {
    StringBuilder json = new StringBuilder();
    boolean ok = reports.stream().allMatch(r -> r.outcome().equals("success"));
    json.append("{\"ok\":").append(ok).append(",\"results\":[");
    for (int i = 0; i < reports.size(); i++) {
      Download.Report r = reports.get(i);
      json.append(i == 0 ? "" : ",").append('{');
      json.append("\"index\":").append(i);
      json.append(",\"url\":").append(string(r.url()));
      json.append(",\"outcome\":").append(string(r.outcome()));
      json.append(",\"status\":").append(r.status() == 0 ? "null" : Integer.toString(r.status()));
      json.append(",\"file\":").append(r.file() == null ? "null" : string(r.file().toString()));
      json.append(",\"bytes\":").append(r.bytes());
      json.append(",\"seconds\":").append(r.time() == null ? "null" : r.time().toNanos() / 1e9);
      json.append(",\"redirectedTo\":")
          .append(r.redirectedTo() == null ? "null" : string(r.redirectedTo()));
      json.append(",\"error\":").append(r.error() == null ? "null" : string(r.error()));
      json.append('}');
    }
    return json.append("]}").toString();
  }

  static String string(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          if (c < 0x20) {
            s.append(String.format("\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append('"').toString();
  }
}
