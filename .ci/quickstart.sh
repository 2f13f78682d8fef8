#!/usr/bin/env bash
# The README's quickstart, built and run as written, and a project made from the archetype by the
# README's own commands, whose README must give the same two commands. Both run against Cadre
# installed by the README's install command into a throwaway local repository, never into ~/.m2,
# and with no network: every other artifact comes from ~/.m2/repository (the seed), which
# `mvn verify` has filled. .ci/run calls this after `mvn -B -ntp verify`, so the modules' classes
# are already built and the install mostly packages them.
#
#   .ci/quickstart.sh              both checks
#   .ci/quickstart.sh readme       the README's quickstart only
#   .ci/quickstart.sh archetype    the archetype's project only (Cadre installed as the README says)
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
# The version README.md's archetype block names; fetched into the seed below.
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
  grep -qs "^  <artifactId>$artifact</artifactId>" -- */pom.xml \
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
# A local repository keeps no checksums, so they are not asked of the seed (Maven would warn of
# each artifact it copies).
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
  <profiles>
    <profile>
      <id>seed</id>
      <repositories>
        <repository>
          <id>central</id>
          <url>file://$seed</url>
          <releases><checksumPolicy>ignore</checksumPolicy></releases>
          <snapshots><enabled>false</enabled></snapshots>
        </repository>
      </repositories>
      <pluginRepositories>
        <pluginRepository>
          <id>central</id>
          <url>file://$seed</url>
          <releases><checksumPolicy>ignore</checksumPolicy></releases>
          <snapshots><enabled>false</enabled></snapshots>
        </pluginRepository>
      </pluginRepositories>
    </profile>
  </profiles>
  <activeProfiles>
    <activeProfile>seed</activeProfile>
  </activeProfiles>
</settings>
EOF
mvn_local() {
  mvn -B -ntp -nsu -o -Daether.offline.protocols=file -Dstyle.color=never -s "$work/settings.xml" "$@"
}

# Plugins `verify` does not run (so a fresh machine's ~/.m2 may lack them): fetched into the seed,
# from the network only if they are not there yet.
for plugin in org.apache.maven.plugins:maven-install-plugin:3.2.0 \
  org.codehaus.mojo:exec-maven-plugin:3.6.2 "$archetype_plugin"; do
  get=(org.apache.maven.plugins:maven-dependency-plugin:3.11.0:get -q "-Dartifact=$plugin:maven-plugin")
  mvn -B -ntp -o "${get[@]}" >/dev/null 2>&1 || mvn -B -ntp "${get[@]}"
done

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
# prints, and <!-- quickstart: install --> the command that installs Cadre.
extract_readme() {
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
    src/main/java/Quickstart.java output install archetype.sh; do
    [ -s "$project/$file" ] || fail "$readme has no block marked <!-- quickstart: $file -->"
  done
  mv "$project/output" "$work/readme-expected.txt"
  mv "$project/install" "$work/install.sh"
  mv "$project/archetype.sh" "$work/archetype.sh"
}

# Installs Cadre into $repo with the README's own command, run from this clone. After `verify`
# the classes are built, so this packages and copies them (the build's plugins come from the
# seed); the tests ran in `verify`.
install_cadre() {
  local command
  command="$(cat "$work/install.sh")"
  [ "$(echo "$command" | wc -l)" = 1 ] && case "$command" in "mvn "*) true ;; *) false ;; esac \
    || fail "the README's install block is not one mvn command: $command"
  start=$SECONDS
  # shellcheck disable=SC2086 # the README's command, split into words as a shell would
  run_in "$root" mvn_local ${command#mvn }
  echo "quickstart: Cadre $version installed into $repo by the README's command ($((SECONDS - start)) s)"
}

readme_quickstart() {
  local project="$work/readme"

  start=$SECONDS
  run_in "$project" mvn_local -q compile exec:java
  if ! diff -u "$work/readme-expected.txt" "$work/out.txt"; then
    cat "$work/err.txt" >&2
    fail "the README's quickstart printed something other than the README shows (diff above)"
  fi
  [ ! -s "$work/err.txt" ] || { cat "$work/err.txt" >&2; fail "the README's quickstart wrote to stderr"; }
  echo "quickstart: the README's quickstart builds and prints what the README shows ($((SECONDS - start)) s)"
}

# --- A project from the archetype, made and built by the README's own block. -----------------
# The block runs as a script, with `mvn` the offline build above; the project's README must give
# the same two commands the block runs in it.
archetype_project() {
  start=$SECONDS
  grep -q "^mvn $archetype_plugin:generate " "$work/archetype.sh" \
    || fail "README.md's archetype block does not run $archetype_plugin:generate (fetched above)"
  mkdir -p "$work/bin"
  cat >"$work/bin/mvn" <<EOF
#!/usr/bin/env bash
exec $(command -v mvn) -B -ntp -nsu -o -Daether.offline.protocols=file -Dstyle.color=never \
  -s "$work/settings.xml" "\$@"
EOF
  chmod +x "$work/bin/mvn"
  run_in "$work" env PATH="$work/bin:$PATH" bash -e "$work/archetype.sh"
  grep -qx 'forecaster: It is sunny and 21°C in Paris.' "$work/out.txt" \
    && grep -qx 'packer: Take sunglasses and sun cream.' "$work/out.txt" \
    || { cat "$work/out.txt" "$work/err.txt" >&2; fail "the archetype's app printed no conversation"; }
  [ ! -s "$work/err.txt" ] || { cat "$work/err.txt" >&2; fail "the archetype's project wrote to stderr"; }

  local project="$work/trips"
  [ -f "$project/src/main/java/com/example/trips/TripDesk.java" ] \
    || fail "the archetype made no src/main/java/com/example/trips/TripDesk.java"
  local ran
  ran="$(cat "$project"/target/surefire-reports/TEST-*.xml 2>/dev/null \
    | sed -n 's/.*<testsuite [^>]*tests="\([0-9]*\)".*/\1/p' | awk '{ n += $1 } END { print n + 0 }')"
  [ "$ran" -ge 2 ] || fail "the archetype's project ran $ran tests, not its two"

  # The project's two commands (the block after <!-- commands --> in its README) are the ones the
  # block ran in it, comments aside.
  local theirs ours
  theirs="$(awk '/^<!-- commands -->$/ { on = 1; next }
    on && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$project/README.md")"
  ours="$(sed -n '/^cd /,$p' "$work/archetype.sh" | tail -n +2 | sed 's/ *#.*//')"
  [ "$(echo "$theirs" | wc -l)" = 2 ] && [ "$theirs" = "$ours" ] \
    || fail "the archetype's README gives other commands than README.md runs: $theirs"
  echo "quickstart: a project from the archetype runs its team and passes its $ran tests ($((SECONDS - start)) s)"
}

case "$what" in
  all | readme | archetype) ;;
  *) fail "usage: .ci/quickstart.sh [readme|archetype]" ;;
esac
extract_readme
install_cadre
[ "$what" = archetype ] || readme_quickstart
[ "$what" = readme ] || archetype_project
