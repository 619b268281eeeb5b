# Sourced by ./mvnw and bin/launcher: point JAVA_HOME at a JDK 25 or newer.
#
# IPC Playground is written for Java 25 (the FFM API calls libc without JNI). Many machines
# keep an older default `java` and install newer JDKs beside it, so when JAVA_HOME is unset or
# too old we look in the usual places and take the newest JDK >= 25 we find. POSIX sh, because
# the Maven Wrapper that sources it is.

ipcpg_jdk_major() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$1/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

ipcpg_find_jdk() {
  ipcpg_best="" ipcpg_best_major=0
  set +f # the wrapper runs with globbing off; we need it for the candidate list
  for ipcpg_c in "${JAVA_HOME-}" /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
      "${HOME-}"/.sdkman/candidates/java/* "${HOME-}"/.jdks/*; do
    [ -n "$ipcpg_c" ] || continue
    ipcpg_m=$(ipcpg_jdk_major "$ipcpg_c")
    if [ -n "$ipcpg_m" ] && [ "$ipcpg_m" -ge 25 ] && [ "$ipcpg_m" -gt "$ipcpg_best_major" ]; then
      ipcpg_best="$ipcpg_c" ipcpg_best_major="$ipcpg_m"
    fi
  done
  set -f
  # A JAVA_HOME that is already 25+ wins even if a newer JDK lies elsewhere: the user chose it.
  ipcpg_m=$(ipcpg_jdk_major "${JAVA_HOME-}")
  if [ -n "$ipcpg_m" ] && [ "$ipcpg_m" -ge 25 ]; then ipcpg_best="$JAVA_HOME"; fi
  if [ -z "$ipcpg_best" ]; then
    echo "IPC Playground needs a JDK 25 or newer and found none (JAVA_HOME='${JAVA_HOME-}'," >&2
    echo "searched /usr/lib/jvm, /usr/java, /opt/java, /opt/jdk*, ~/.sdkman, ~/.jdks)." >&2
    echo "Install one (for example Temurin 25) or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME="$ipcpg_best"
  export JAVA_HOME
}

ipcpg_find_jdk || exit 1
