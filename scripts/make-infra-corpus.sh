#!/usr/bin/env bash
# make-infra-corpus.sh — build a benchmark and false-positive corpus of REAL infrastructure files
# (CI workflows, Dockerfiles, Makefiles, justfiles, Procfiles, compose files, Taskfiles,
# package.json scripts, devcontainer.json, cloud-init, Kubernetes manifests and Helm charts,
# Ansible roles and playbooks, Terraform plan JSON, Pulumi preview JSON), the inputs of issue 16.
# The shell and GraphQL corpus is ../shared/bench/make-corpus.sh; this one is its sibling.
#
# Usage: scripts/make-infra-corpus.sh [TARGET_DIR]     (default /tmp/preflight-infra-corpus)
# Env:
#   SCAN_LOCAL=1|0  also scan this machine: the local cargo registry (~/.cargo/registry/src) and
#                   system dirs (/usr/share /usr/lib /etc /usr/local). Machine-dependent (default 1).
#   EXTRAS=1|0      also fetch packages from the registries (default 1): crates with `cargo fetch`
#                   into a scratch project with its own CARGO_HOME, `npm pack`, `pip download` of
#                   WHEELS (an sdist would make pip run its build backend), `apt-get download` of
#                   Debian packages. Archives are only unpacked into a staging dir, never installed,
#                   built or run. Reproducible on a Debian 12 (bookworm) box with registry access.
#   STAGE_DIR=DIR   keep the downloads there and reuse them on the next run (default: a temporary
#                   dir, removed at the end, which can take minutes on a busy machine).
#   CAP=N           at most N files per format (default 500); MAX_BYTES per file (default 1 MiB).
#
# Output: TARGET/<format>/<source>/<package>/<path inside the package>, so the directory
# structure the readers recognise stays (.github/workflows/x.yml, roles/NAME/tasks/main.yml,
# Dockerfile keeps its name, a Helm chart keeps Chart.yaml beside templates/). <source> is crates,
# npm, pypi, deb or system (for system files <package> is `-` and the path is absolute).
# One change of name: a cloud-init file called *.txt (Debian's examples) is saved as *.yaml.
# Files are deduplicated by content (sha1) across the whole corpus; the first seen wins, in the
# order crates, npm, pypi, deb, system. Formats are told by path and name, and for the shared
# extensions by content (see classify() and the sniffs below).
#
# Safety: the files are other people's real scripts. This script only copies them; nothing it
# collects is executed, sourced or passed through a shell. Hand them only to preflight.
set -euo pipefail
export LC_ALL=C

TARGET=${1:-/tmp/preflight-infra-corpus}
SCAN_LOCAL=${SCAN_LOCAL:-1}
EXTRAS=${EXTRAS:-1}
CAP=${CAP:-500}
MAX=${MAX_BYTES:-$((1024 * 1024))}
FORMATS=(workflow dockerfile make just procfile compose taskfile package-json devcontainer
         cloud-init kubernetes helm ansible terraform-plan pulumi-preview)

# crates that ship their CI workflows, Dockerfiles, Makefiles and justfiles (their dependencies
# come along and are scanned too)
CRATES=(ripgrep just hyperfine bat fd-find tokei zoxide git-delta du-dust procs sccache
        watchexec-cli cargo-edit mdbook tokio axum reqwest clap serde rustls nix rayon regex
        tonic wasm-bindgen sqlx rdkafka testcontainers bollard redis diesel sea-orm mongodb
        tikv-jemalloc-sys)
# npm packages: package.json scripts (and a few Dockerfiles / devcontainer files)
NPMS=(express react webpack typescript eslint prettier axios vue @devcontainers/cli serverless
      n8n lodash chalk commander nodemon pm2 typeorm prisma @angular/cli vite rollup mongoose
      socket.io lerna nx husky sequelize knex aws-cdk firebase-tools jest mocha @nestjs/cli
      gatsby-cli @vue/cli create-react-app)
# PyPI wheels with Kubernetes pod templates, Ansible playbooks
WHEELS=(apache-airflow-providers-cncf-kubernetes molecule ansible-runner dagster-k8s kopf)
# Debian packages: ansible (collections with roles and playbooks), cloud-init (cloud-config
# examples), terraform-json (Terraform plan JSON test data), patroni (compose, k8s), docker and
# distribution sources, ansible-lint (example playbooks), dpkg-dev / debhelper / gnulib (*.mk),
# foreman (Procfile), podman-compose (compose examples), buildah (Containerfiles)
DEBS=(ansible ansible-lint python3-ansible-runner cloud-init patroni docker-doc
      golang-github-hashicorp-terraform-json-dev golang-github-docker-docker-dev
      golang-github-docker-distribution-dev golang-k8s-kube-openapi-dev dpkg-dev debhelper gnulib
      ruby-foreman podman-compose golang-github-containers-buildah-dev
      golang-github-prometheus-alertmanager-dev)
# plus the kernel's header package (Makefiles, Kbuild), resolved to its current version below

rm -rf "$TARGET"
mkdir -p "$TARGET"
if [[ -n ${STAGE_DIR:-} ]]; then
  # kept between runs: the downloads are made once (removing ~100,000 unpacked files takes minutes
  # on a busy machine)
  STAGE=$STAGE_DIR; mkdir -p "$STAGE"
else
  STAGE=$(mktemp -d "${TMPDIR:-/tmp}/infra-corpus-stage.XXXXXX")
  trap 'rm -rf "$STAGE"' EXIT
fi
START=$SECONDS

# the names a format can have (the find below and the extraction of Debian packages)
NAME_GLOBS=('*.yml' '*.yaml' '*.json' '*.txt' '*.tpl' '*Dockerfile*' '*Containerfile*' '*.dockerfile'
            '*Makefile' '*makefile' '*.mk' '*justfile' '*Justfile' '*JUSTFILE' '*.just' '*Procfile*'
            '*user-data*')
# roots to scan: "source<TAB>dir<TAB>mode"; mode pkg = first component under dir is the package
ROOTS=()
quiet() { grep -v -e unsandboxed -e '^$' || true; }

if [[ $EXTRAS == 1 && ! -e $STAGE/.fetched ]]; then
  mkdir -p "$STAGE/cargo/src" "$STAGE/npm" "$STAGE/pypi" "$STAGE/debs" "$STAGE/deb"
  # crates: a scratch project whose dependencies are the crates; `cargo fetch` downloads and
  # unpacks them (nothing is built). Its own CARGO_HOME keeps ~/.cargo untouched.
  (
    cd "$STAGE/cargo"
    export CARGO_HOME=$STAGE/cargo-home
    printf 'fn main() {}\n' > src/main.rs
    manifest() {
      printf '[package]\nname = "infra-corpus-scratch"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n[dependencies]\n'
      for c in "$@"; do printf '%s = "*"\n' "$c"; done
    }
    manifest "${CRATES[@]}" > Cargo.toml
    # Linux only: the Windows API crates alone are ~100,000 files
    fetch() { cargo fetch --quiet --target x86_64-unknown-linux-gnu; }
    if ! fetch 2> "$STAGE/cargo.err"; then
      # one crate's requirements clash with another's: fetch them one at a time
      for c in "${CRATES[@]}"; do
        manifest "$c" > Cargo.toml; rm -f Cargo.lock
        fetch 2>> "$STAGE/cargo.err" || echo "cargo: $c not fetched" >&2
      done
    fi
  ) || echo "cargo fetch failed: $(tail -n 3 "$STAGE/cargo.err")" >&2

  # npm: the published tarballs (npm pack downloads, it does not install or run scripts)
  ( cd "$STAGE/npm" && npm pack --silent --ignore-scripts "${NPMS[@]}" > /dev/null 2> "$STAGE/npm.err"
    for t in *.tgz; do [[ -e $t ]] && mkdir -p "${t%.tgz}" && tar xzf "$t" -C "${t%.tgz}"; done ) \
    || echo "npm pack: $(tail -n 3 "$STAGE/npm.err")" >&2

  # PyPI: wheels only (pip would run an sdist's build backend to read its metadata)
  ( cd "$STAGE/pypi" && pip download --quiet --only-binary :all: --no-deps -d whl "${WHEELS[@]}" \
      > /dev/null 2> "$STAGE/pip.err"
    for w in whl/*.whl; do [[ -e $w ]] || continue; n=$(basename "$w" .whl); n=${n%%-*}
      mkdir -p "$n" && python3 -m zipfile -e "$w" "$n"; done ) \
    || echo "pip download: $(tail -n 3 "$STAGE/pip.err")" >&2
  rm -rf "$STAGE/pypi/whl"

  # Debian: apt-get download + dpkg-deb -x (no maintainer script runs)
  kernel=$(apt-cache depends linux-headers-amd64 2> /dev/null | awk '/Depends: linux-headers-/ {print $2; exit}')
  [[ -n $kernel ]] && kernel=$(apt-cache depends "$kernel" 2> /dev/null \
    | awk '/Depends: linux-headers-.*-common$/ {print $2; exit}')
  ( cd "$STAGE/debs" && apt-get download -qq "${DEBS[@]}" ${kernel:+"$kernel"} 2>&1 | quiet ) || true
  # only the members whose names can hold a format (ansible alone is 290 MB unpacked)
  for d in "$STAGE"/debs/*.deb; do
    [[ -e $d ]] || continue
    p=$(basename "$d"); p=${p%%_*}
    mkdir -p "$STAGE/deb/$p"
    dpkg-deb --fsys-tarfile "$d" | tar -x -C "$STAGE/deb/$p" --wildcards "${NAME_GLOBS[@]}" 2> /dev/null || true
  done
  touch "$STAGE/.fetched"
fi
if [[ $EXTRAS == 1 ]]; then
  for d in "$STAGE"/cargo-home/registry/src/*/; do [[ -d $d ]] && ROOTS+=("crates	$d	pkg"); done
  ROOTS+=("npm	$STAGE/npm	pkg" "pypi	$STAGE/pypi	pkg" "deb	$STAGE/deb	pkg")
fi
if [[ $SCAN_LOCAL == 1 ]]; then
  for d in "$HOME"/.cargo/registry/src/*/; do [[ -d $d ]] && ROOTS+=("crates	$d	pkg"); done
  for d in /usr/share /usr/lib /etc /usr/local; do [[ -d $d ]] && ROOTS+=("system	$d	abs"); done
fi
FETCHED=$((SECONDS - START))

# The format of a path by its name alone (sets K), or a class whose content decides:
#   ?yaml (Kubernetes, cloud-init), ?playbook, ?json (plans, previews), ?txt (cloud-init),
#   ?package-json (only those with "scripts"), ?noext (cloud-init user-data).
classify() {
  local p=$1 b=${1##*/}
  K=
  case $p in
    */.github/workflows/*.yml | */.github/workflows/*.yaml | */.gitlab-ci.yml | */.gitlab-ci.yaml \
    | *.gitlab-ci.yml | */.circleci/config.yml | */.circleci/config.yaml | */bitbucket-pipelines.yml \
    | */azure-pipelines.yml | */azure-pipelines.yaml | */.azure-pipelines.yml \
    | */.buildkite/pipeline.yml | */.buildkite/pipeline.yaml | */cloudbuild.yaml | */cloudbuild.yml)
      K=workflow; return ;;
    */roles/*/tasks/*.yml | */roles/*/tasks/*.yaml | */roles/*/handlers/*.yml | */roles/*/handlers/*.yaml)
      K=ansible; return ;;
    */templates/*.yaml | */templates/*.yml | */templates/*.tpl)
      [[ -f ${p%/templates/*}/Chart.yaml ]] && { K=helm; return; } ;;
    */.devcontainer/*.json) K=devcontainer; return ;;
  esac
  case $b in
    Dockerfile | Containerfile | *.Dockerfile | *.dockerfile | *.Containerfile) K=dockerfile ;;
    Dockerfile.* | Containerfile.*)
      case $b in *.go | *.j2 | *.jinja | *.tmpl | *.template | *.in | *.md | *.txt | *.py) ;; *) K=dockerfile ;; esac ;;
    Makefile | makefile | GNUmakefile | *.mk) K=make ;;
    justfile | Justfile | JUSTFILE | .justfile | *.just) K=just ;;
    Procfile | Procfile.*) K=procfile ;;
    docker-compose.yml | docker-compose.yaml | docker-compose.*.yml | docker-compose.*.yaml \
    | docker-compose-*.yml | compose.yml | compose.yaml | compose.*.yml | compose.*.yaml) K=compose ;;
    Taskfile.yml | Taskfile.yaml | taskfile.yml | taskfile.yaml | Taskfile.dist.yml | Taskfile.dist.yaml) K=taskfile ;;
    devcontainer.json | .devcontainer.json) K=devcontainer ;;
    package.json) K='?package-json' ;;
    playbook*.yml | playbook*.yaml | site.yml | site.yaml) K='?playbook' ;;
    *.yml | *.yaml) case $p in */playbooks/*) K='?playbook' ;; *) K='?yaml' ;; esac ;;
    *.json) K='?json' ;;
    *.txt) case $p in */cloud-init/* | *cloud-config*) K='?txt' ;; esac ;;
    user-data | user-data.*) K='?noext' ;;
  esac
}

# where a file goes under TARGET/<format>/: sets REPLY to <source>/<package>/<path>
dest_of() {
  local p=$1 r src dir mode
  for r in "${ROOTS[@]}"; do
    IFS=$'\t' read -r src dir mode <<< "$r"
    dir=${dir%/}
    if [[ $p == "$dir"/* ]]; then
      if [[ $mode == abs ]]; then REPLY="$src/-$p"; else REPLY="$src/${p#"$dir"/}"; fi
      return 0
    fi
  done
  REPLY="other$p"
}

# lists are newline-separated (a path with a newline in it is left out by find)
declare -A LIST=()   # format -> paths, told by name
declare -A CAND=()   # content class -> paths
for r in "${ROOTS[@]}"; do
  IFS=$'\t' read -r _ dir _ <<< "$r"
  while IFS= read -r f; do
    classify "$f"
    case $K in
      '') ;;
      '?'*) CAND[${K#?}]+="$f"$'\n' ;;
      *) LIST[$K]+="$f"$'\n' ;;
    esac
  done < <(find "$dir" -xdev \( -name .git -o -name .hg -o -name __pycache__ -o -name node_modules \) -prune \
             -o -type f -size +0c -size -$((MAX + 1))c ! -name $'*\n*' \( -name '*.yml' -o -name '*.yaml' \
             -o -name '*.json' -o -name '*.txt' -o -name '*.tpl' -o -name 'Dockerfile*' -o -name 'Containerfile*' \
             -o -name '*.Dockerfile' -o -name '*.dockerfile' -o -name '*.Containerfile' \
             -o -name Makefile -o -name makefile -o -name GNUmakefile -o -name '*.mk' \
             -o -name justfile -o -name Justfile -o -name JUSTFILE -o -name .justfile -o -name '*.just' \
             -o -name 'Procfile*' -o -name 'user-data*' \) -print 2> /dev/null | sort)
done

# content sniffs: one process per batch of files (xargs), never one per file
cand() { printf '%s' "${CAND[$1]:-}"; }
grep_all() { xargs -d '\n' -r grep -l "$@" -- 2> /dev/null || true; }
first_line() { # the files whose first line matches $1
  xargs -d '\n' -r awk -v re="$1" 'FNR == 1 { if ($0 ~ re) print FILENAME; nextfile }' 2> /dev/null || true
}
lines() { sed '/^$/d'; }   # (a command substitution drops the last newline: each += adds it back)
LIST[package-json]+=$(cand package-json | grep_all -m1 -E '"scripts"[[:space:]]*:' | lines)$'\n'
LIST[ansible]+=$(cand playbook | grep_all -m1 -E '^(- |  )hosts:' | lines)$'\n'
# YAML: cloud-init (#cloud-config first line) or else a Kubernetes manifest (top-level kind: and
# apiVersion:); .txt and user-data files count only as cloud-init
cloud=$( { cand yaml; cand txt; cand noext; } | first_line '^#cloud-config' | lines)$'\n'
LIST[cloud-init]+=$cloud$'\n'
LIST[kubernetes]+=$(cand yaml | grep_all -m1 -E '^kind:[[:space:]]*[A-Z]' | grep_all -m1 '^apiVersion:' \
  | { if [[ -n $cloud ]]; then grep -vxF -- "$cloud" || true; else cat; fi; } | lines)$'\n'
LIST[terraform-plan]+=$(cand json | grep_all -m1 -e '"resource_changes"' -e '"planned_values"' \
  | grep_all -m1 '"format_version"' | lines)$'\n'
LIST[pulumi-preview]+=$(cand json | grep_all -m1 '"changeSummary"' | grep_all -m1 '"steps"' | lines)$'\n'

# copy: text files only (no NUL byte), deduplicated by content, at most CAP per format
declare -A seen=()
copy() { # $1 format, $2 source path
  dest_of "$2"
  local rel=$REPLY
  [[ $1 == cloud-init && $rel == *.txt ]] && rel=${rel%.txt}.yaml
  mkdir -p "$TARGET/$1/${rel%/*}"
  cp -- "$2" "$TARGET/$1/$rel"
}
for fmt in "${FORMATS[@]}"; do
  n=0
  [[ -n ${LIST[$fmt]:-} ]] || continue
  while IFS= read -r line; do
    [[ $line == \\* ]] && continue   # sha1sum escaped an odd name: leave it out
    sum=${line%% *}; f=${line#*  }
    [[ -n ${seen[$sum]:-} ]] && continue
    seen[$sum]=1
    copy "$fmt" "$f"
    # a Helm template needs its chart: Chart.yaml (and values.yaml) beside templates/
    if [[ $fmt == helm ]]; then
      for extra in Chart.yaml values.yaml; do
        c=${f%/templates/*}/$extra
        [[ -f $c && -z ${seen[chart:$c]:-} ]] && { seen[chart:$c]=1; copy helm "$c"; }
      done
    fi
    n=$((n + 1))
    [[ $n -ge $CAP ]] && break
  done < <(printf '%s' "${LIST[$fmt]}" | sed '/^$/d' | xargs -d '\n' -r grep -lI -e '' -- 2> /dev/null \
             | xargs -d '\n' -r sha1sum 2> /dev/null)
done

sum_bytes() { find "$1" -type f -printf '%s\n' 2> /dev/null | awk '{s += $1} END {print s + 0}'; }
total_n=0; total_b=0
printf '%-16s %6s %10s   %s\n' format files bytes 'sources (files)'
for fmt in "${FORMATS[@]}"; do
  d=$TARGET/$fmt
  fn=0; fb=0; srcs=""
  if [[ -d $d ]]; then
    fn=$(find "$d" -type f | wc -l); fb=$(sum_bytes "$d")
    srcs=$(find "$d" -type f | sed "s|^$d/||; s|/.*||" | sort | uniq -c | awk '{printf "%s %s, ", $2, $1}')
  fi
  printf '%-16s %6d %10d   %s\n' "$fmt" "$fn" "$fb" "${srcs%, }"
  total_n=$((total_n + fn)); total_b=$((total_b + fb))
done
echo "total:           $total_n files, $total_b bytes -> $TARGET"
echo "time: $((SECONDS - START)) s ($FETCHED s fetching and unpacking)"
