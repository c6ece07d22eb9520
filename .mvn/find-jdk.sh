# Sourced by ./mvnw and ./gather: makes JAVA_HOME point at a JDK 21 or newer.
#
# Keeps JAVA_HOME when it already names a JDK 21+. Otherwise it looks at the `java` on PATH and
# the usual install folders and takes the newest JDK 21+ it finds. Where there is none, it says
# so in one line and exits 1. Reads each JDK's `release` file, so it starts no JVM.

gather4j_jdk_major() { # prints the feature version of the JDK at $1, or nothing
  [ -f "$1/release" ] && [ -x "$1/bin/javac" ] || return 0
  sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
}

gather4j_find_jdk() {
  gather4j_min=21
  if [ -n "${JAVA_HOME-}" ]; then
    gather4j_v=$(gather4j_jdk_major "$JAVA_HOME")
    if [ -n "$gather4j_v" ] && [ "$gather4j_v" -ge "$gather4j_min" ]; then return 0; fi
  fi
  gather4j_best=""
  gather4j_best_v=0
  gather4j_candidates=""
  if command -v java >/dev/null 2>&1; then
    gather4j_java=$(readlink -f "$(command -v java)" 2>/dev/null || command -v java)
    gather4j_candidates=$(dirname "$(dirname "$gather4j_java")")
  fi
  # Globbing may be off (mvnw runs with `set -f`); switch it on just for the search.
  case $- in *f*) gather4j_noglob=1; set +f ;; *) gather4j_noglob=0 ;; esac
  for gather4j_dir in $gather4j_candidates /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
      /usr/local/lib/jvm/* "${HOME-}"/.sdkman/candidates/java/* "${HOME-}"/.jdks/* \
      "${HOME-}"/.gradle/jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$gather4j_dir" ] || continue
    gather4j_v=$(gather4j_jdk_major "$gather4j_dir")
    [ -n "$gather4j_v" ] || continue
    if [ "$gather4j_v" -ge "$gather4j_min" ] && [ "$gather4j_v" -gt "$gather4j_best_v" ]; then
      gather4j_best=$gather4j_dir
      gather4j_best_v=$gather4j_v
    fi
  done
  [ "$gather4j_noglob" = 1 ] && set -f
  if [ -z "$gather4j_best" ]; then
    echo "gather4j needs a JDK 21 or newer and found none (looked at JAVA_HOME, the java on PATH, /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks): install one (Debian 12 packages only JDK 17: take Temurin 21 or 25 from adoptium.net, whose apt repository is packages.adoptium.net, or SDKMAN: sdk install java 25-tem), or set JAVA_HOME to it." >&2
    exit 1
  fi
  JAVA_HOME=$gather4j_best
  export JAVA_HOME
}

gather4j_find_jdk
