#!/usr/bin/env bash
# The README's quickstart, built and run as written, and a project made from the archetype, built
# and tested with the two commands its own README gives. Both run against Cadre installed into a
# throwaway local repository, never into ~/.m2, and with no network: every other artifact comes
# from ~/.m2/repository (the seed), which `mvn verify` has filled. .ci/run calls this after
# `mvn -B -ntp verify`, so the modules' classes and jars are already built and `install` only
# packages them.
#
#   .ci/quickstart.sh              both checks
#   .ci/quickstart.sh readme       the README's quickstart only
#   .ci/quickstart.sh archetype    the archetype's project only
#
# CADRE_QUICKSTART_KEEP=1 keeps the work directory (printed at the start) for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
what="${1:-all}"
# Another README to build, to see this check fail on a broken one.
readme="${CADRE_QUICKSTART_README:-README.md}"

seed="${CADRE_SEED_REPO:-$HOME/.m2/repository}"
work="$(mktemp -d /tmp/cadre-quickstart.XXXXXX)"
if [ "${CADRE_QUICKSTART_KEEP:-0}" = 1 ]; then
  echo "quickstart: work directory $work"
else
  trap 'rm -rf "$work"' EXIT
fi

version="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -n 1)"
archetype_plugin=org.apache.maven.plugins:maven-archetype-plugin:3.4.1

fail() {
  echo "quickstart: $*" >&2
  exit 1
}

# --- The BOM lists every published module, at the parent's version. -------------------------
# Published: every module of the root pom but the samples, the benchmarks, the BOM itself and
# the archetype (a project template, not a dependency).
[ "$(sed -n 's|^  <version>\(.*\)</version>|\1|p' bom/pom.xml | head -n 1)" = "$version" ] \
  || fail "bom/pom.xml's version is not the parent's ($version)"
for module in $(sed -n 's|^    <module>\(.*\)</module>|\1|p' pom.xml); do
  case "$module" in samples | benchmarks | bom | archetype) continue ;; esac
  artifact="$(sed -n 's|^  <artifactId>\(.*\)</artifactId>|\1|p' "$module/pom.xml" | head -n 1)"
  grep -q "<artifactId>$artifact</artifactId>" bom/pom.xml \
    || fail "bom/pom.xml does not list $artifact (module $module): add it to its dependencyManagement"
done
for artifact in $(sed -n 's|^        <artifactId>\(.*\)</artifactId>|\1|p' bom/pom.xml); do
  grep -rqs --include=pom.xml "^  <artifactId>$artifact</artifactId>" --max-count=1 . \
    || fail "bom/pom.xml lists $artifact, which no module builds"
done
echo "quickstart: the BOM lists every published module"

# --- A throwaway local repository, fed from the seed with no network. ------------------------
# Maven 3.8 has no read-only "tail" repository, so the seed is served as a file:// mirror of
# every repository: what a build needs is copied from it into $repo on first use. Builds run
# offline (-o), with file:// alone let through, so nothing reaches the network (a missing artifact
# fails, naming the mirror). -nsu keeps the SNAPSHOTs installed here from being looked up in the
# seed.
repo="$work/repo"
cat >"$work/settings.xml" <<EOF
<settings>
  <localRepository>$repo</localRepository>
  <mirrors>
    <mirror>
      <id>seed</id>
      <mirrorOf>*</mirrorOf>
      <url>file://$seed</url>
    </mirror>
  </mirrors>
</settings>
EOF
mvn_local() {
  mvn -B -ntp -nsu -o -Daether.offline.protocols=file -Dstyle.color=never -s "$work/settings.xml" "$@"
}

# Plugins the main build does not run (so a fresh machine's ~/.m2 may lack them): fetched into the
# seed, from the network only if they are not there yet.
for plugin in org.codehaus.mojo:exec-maven-plugin:3.6.2 "$archetype_plugin"; do
  get=(org.apache.maven.plugins:maven-dependency-plugin:3.11.0:get -q "-Dartifact=$plugin:maven-plugin")
  mvn -B -ntp -o "${get[@]}" >/dev/null 2>&1 || mvn -B -ntp "${get[@]}"
done

# Cadre into $repo, from the reactor's own jars: the modules a user's project needs and their
# parent, each jar with the POM Maven would install (the processor's is the shade plugin's reduced
# one, which lists no shaded dependency). `mvn install` would do the same in minutes, resolving
# every build plugin again; this takes a second. The jars are `verify`'s; with any missing (the
# script run on its own), they are packaged first, into the reactor's target/ only.
modules=(annotations graph runtime dsl processor)
[ "$what" = readme ] || modules+=(archetype)
jars=()
for module in "${modules[@]}"; do
  artifact="$(sed -n 's|^  <artifactId>\(.*\)</artifactId>|\1|p' "$module/pom.xml" | head -n 1)"
  jars+=("$module/target/$artifact-$version.jar")
done
if ! ls "${jars[@]}" >/dev/null 2>&1; then
  list="$(IFS=,; echo "${modules[*]}")"
  mvn -B -ntp -q -Dstyle.color=never package -DskipTests -pl "$list" -am
fi
put() { # put ARTIFACT POM [JAR]
  local dir="$repo/dev/cadre/$1/$version"
  mkdir -p "$dir"
  cp "$2" "$dir/$1-$version.pom"
  [ -z "${3:-}" ] || cp "$3" "$dir/$1-$version.jar"
}
put cadre-parent pom.xml
put cadre-bom bom/pom.xml
for i in "${!modules[@]}"; do
  module="${modules[$i]}"
  pom="$module/pom.xml"
  [ ! -f "$module/dependency-reduced-pom.xml" ] || pom="$module/dependency-reduced-pom.xml"
  put "$(basename "${jars[$i]}" "-$version.jar")" "$pom" "${jars[$i]}"
done
echo "quickstart: Cadre $version put into $repo from the reactor's jars"

# Runs a command in a project, failing with its output if it fails. Its output is kept in
# out.txt and err.txt without the colour resets Debian's Maven 3.8 writes even with -B.
run_in() {
  local dir="$1"
  shift
  local status=0
  (cd "$dir" && "$@") >"$work/out.raw" 2>"$work/err.raw" || status=$?
  sed 's/\x1b\[[0-9;]*m//g' "$work/out.raw" >"$work/out.txt"
  sed 's/\x1b\[[0-9;]*m//g' "$work/err.raw" >"$work/err.txt"
  if [ "$status" != 0 ]; then
    cat "$work/out.txt" "$work/err.txt" >&2
    fail "'$*' failed in $dir"
  fi
}

# --- The README's quickstart, word for word. -------------------------------------------------
# A block marked <!-- quickstart: PATH --> is the file PATH of the new project (other comment
# lines may stand between the marker and the block); <!-- quickstart: output --> is what the run
# prints.
readme_quickstart() {
  local project="$work/readme"
  mkdir -p "$project"
  awk -v dir="$project" '
    /^<!-- quickstart: .* -->$/ { target = $3; next }
    target != "" && !open && /^```/ { open = 1; file = dir "/" target; system("mkdir -p \"$(dirname \"" file "\")\""); next }
    open && /^```$/ { close(file); open = 0; target = ""; files++; next }
    open { print > file }
    END { if (open) exit 2 }
  ' "$readme"
  for file in pom.xml src/main/java/WeatherTools.java src/main/java/Forecaster.java \
    src/main/java/Quickstart.java output; do
    [ -s "$project/$file" ] || fail "$readme has no block marked <!-- quickstart: $file -->"
  done
  mv "$project/output" "$work/readme-expected.txt"

  start=$SECONDS
  run_in "$project" mvn_local -q compile exec:java
  if ! diff -u "$work/readme-expected.txt" "$work/out.txt"; then
    cat "$work/err.txt" >&2
    fail "the README's quickstart printed something other than the README shows (diff above)"
  fi
  [ ! -s "$work/err.txt" ] || { cat "$work/err.txt" >&2; fail "the README's quickstart wrote to stderr"; }
  echo "quickstart: the README's quickstart builds and prints what the README shows ($((SECONDS - start)) s)"
}

case "$what" in
  all) readme_quickstart ;;
  readme) readme_quickstart ;;
  archetype) ;;
  *) fail "usage: .ci/quickstart.sh [readme|archetype]" ;;
esac
