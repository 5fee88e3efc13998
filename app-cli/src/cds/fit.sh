# Sourced by the ./pxci launcher and by ./train. A class-data sharing archive fits only the JVM and
# the jars it was trained with, at the paths, sizes and times they had then; the JVM refuses one that
# does not fit without a word (a moved or copied checkout, another or an updated JDK, rebuilt jars).
# Its fingerprint of those is kept beside the archive (pxci.jsa.fit) and compared before each start.

# Prints the fingerprint of what an archive trained now by JAVA for TARGET (app-cli/target) would fit.
cds_fingerprint() {
  cds_java=$(readlink -f "$(command -v "$1")") || return 1
  cds_home=$(dirname "$(dirname "$cds_java")")
  sed -n 's/^JAVA_RUNTIME_VERSION=//p' "$cds_home/release" 2>/dev/null || true
  stat -c '%n %s %Y' "$cds_java" "$cds_home/lib/modules" "$2/pxci.jar" "$2"/lib/*.jar 2>/dev/null || true
}

# Succeeds when TARGET's archive exists and fits JAVA and TARGET's jars as they are.
cds_fits() {
  [ -f "$2/pxci.jsa" ] && [ -f "$2/pxci.jsa.fit" ] && [ "$(cds_fingerprint "$1" "$2")" = "$(cat "$2/pxci.jsa.fit")" ]
}

# Succeeds when training an archive for JAVA and TARGET's jars as they are failed before
# (TARGET/pxci.jsa.unfit: the reason, then the fingerprint).
cds_failed() {
  [ -f "$2/pxci.jsa.unfit" ] && [ "$(cds_fingerprint "$1" "$2")" = "$(sed 1d "$2/pxci.jsa.unfit")" ]
}
