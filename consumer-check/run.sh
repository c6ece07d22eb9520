#!/bin/sh
# Builds this consumer against the gather4j-core installed in the local Maven repository
# (./mvnw install first) and runs it on the class path and on the module path.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../.mvn/find-jdk.sh"
"$here/../mvnw" -B -q -f "$here/pom.xml" package
cd "$here/target"
expected="results [a, b, c]
failed index 1: down"
check() {
  if [ "$2" != "$expected
on the $1 path" ]; then
    printf 'consumer check: on the %s path, unexpected output:\n%s\n' "$1" "$2" >&2
    exit 1
  fi
}
check class "$("$JAVA_HOME/bin/java" -cp "consumer.jar:lib/*" com.example.consumer.Main)"
check module "$("$JAVA_HOME/bin/java" -p "consumer.jar:lib" -m com.example.consumer/com.example.consumer.Main)"
echo "consumer check: gather4j-core works from a user's project, on the class path and on the module path"
