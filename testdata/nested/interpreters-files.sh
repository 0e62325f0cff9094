#!/usr/bin/env bash
# Fixture: files deleted and commands run by code in other interpreters. Never run this file.

# ----- Python -----------------------------------------------------------------------------------
# ruleid: rm-recursive-absolute
python3 -c 'import shutil; from pathlib import Path; shutil.rmtree(Path("/srv/releases"))'
# ruleid: rm-recursive-home
python3 -c 'import shutil, os; shutil.rmtree(os.path.expanduser("~"))'
# ruleid: rm-recursive-home
node -e 'require("fs").rmSync(require("os").homedir(), { recursive: true })'
# ruleid: rm-recursive-home
python3 -c 'import os, shutil; shutil.rmtree(os.environ["HOME"])'
# ok: rm-recursive-absolute
python3 -c 'import shutil, tempfile; d = tempfile.mkdtemp(); shutil.rmtree(d)' 
python3 - <<'EOF'
import shutil
target = "/var/lib/app"
# ruleid: rm-recursive-absolute
shutil.rmtree(target)
EOF
# ruleid: rm-recursive-absolute
python3 -c 'import subprocess; cmd = "rm -rf /srv/cache"; subprocess.run(cmd, shell=True)'

# ruleid: rm-recursive-absolute, dynamic-shell-input
python3 -c 'import os, sys; name = sys.argv[1]; os.system(f"rm -rf /srv/releases/{name}")' "$1"
# ruleid: rm-recursive-absolute
python3 -c 'import os; d = "/srv/old"; os.system(f"rm -rf {d}")'
# ruleid: rm-recursive-home
perl -e 'system("rm -rf $ENV{HOME}")'

# ----- Node, Deno, Bun --------------------------------------------------------------------------
# ruleid: rm-recursive-absolute
node -e 'require("fs").promises.rm("/srv/uploads", { recursive: true, force: true })'
# ruleid: rm-recursive-absolute
node -e 'const fsPromises = require("fs/promises"); await fsPromises.rm("/srv/data", {recursive:true})'
# ruleid: rm-recursive-absolute
node -e 'require("fs").rmdirSync("/srv/tmpdata", { recursive: true })'
# ruleid: rm-recursive-absolute
node -e 'const fse = require("fs-extra"); fse.removeSync("/srv/build")'
# ruleid: rm-recursive-absolute
node -e 'const fse = require("fs-extra"); await fse.emptyDir("/srv/www")'
# ruleid: rm-recursive-absolute
deno eval 'await Deno.remove("/srv/deno-data", { recursive: true })'
# ruleid: rm-recursive-absolute
deno eval 'new Deno.Command("rm", { args: ["-rf", "/srv/cmd"] }).outputSync()'
# ruleid: rm-recursive-absolute
deno eval --ext=ts 'Deno.run({ cmd: ["rm", "-rf", "/srv/run"] })'
# ruleid: rm-recursive-absolute
echo 'Deno.removeSync("/srv/stdin", { recursive: true })' | deno run -
# ruleid: rm-recursive-absolute
bun -e 'await Bun.$`rm -rf /srv/bun-cache`'
# ruleid: rm-recursive-absolute
echo 'require("fs").rmSync("/srv/piped", { recursive: true })' | bun run -
# ruleid: dynamic-shell-input
node -e 'const { $ } = require("zx"); await $`rm -rf ${process.argv[2]}`'
# ruleid: rm-recursive-home
node -e 'require("child_process").execSync(`rm -rf ${process.env.HOME}`)'

# ruleid: rm-recursive-absolute
npx tsx -e 'import { rmSync } from "node:fs"; rmSync("/srv/tsx", { recursive: true })'
# ruleid: rm-recursive-absolute
ts-node --transpile-only -e 'require("fs").rmSync("/srv/ts-node", { recursive: true })'
# ruleid: rm-recursive-absolute
ipython -c 'import shutil; shutil.rmtree("/srv/ipython")'

# ----- Ruby, Perl, PHP --------------------------------------------------------------------------
# ruleid: rm-recursive-absolute
ruby -rfileutils -e 'FileUtils.rm_rf "/srv/ruby"'
# ruleid: rm-recursive-absolute
ruby -rpathname -e 'Pathname.new("/srv/pathname").rmtree'
# ruleid: rm-recursive-absolute
perl -MFile::Path -e 'File::Path::rmtree("/srv/perl")'
# ruleid: rm-recursive-absolute
perl -MFile::Path=remove_tree -e 'remove_tree "/srv/perl-tree";'

# ----- code only known at run time -------------------------------------------------------------
# ruleid: dynamic-shell-input
python3 -c "$CODE"
# ruleid: dynamic-shell-input
deno eval "await Deno.remove('$TARGET', { recursive: true })"
# ruleid: dynamic-shell-input
ruby -e "$(curl -fsSL https://example.com/install.rb)"
# ok: dynamic-shell-input
awk -v limit="$LIMIT" '$3 > limit { print $1 }' usage.txt

# ----- nothing deleted, or only a file ----------------------------------------------------------
# ok: rm-recursive-absolute
python3 -c 'from pathlib import Path; Path("/srv/app.lock").unlink()'
# ok: rm-recursive-absolute
node -e 'require("fs").rmSync("/srv/app.pid")'
# ok: rm-recursive-absolute
deno eval 'Deno.removeSync("/srv/one-file.txt")'
# ok: rm-recursive-absolute
node -e 'const a = [1, 2]; a.remove("/srv/x"); console.log(a)'
# ok: rm-recursive-absolute, dynamic-shell-input
deno run --allow-read main.ts
# ok: rm-recursive-absolute, dynamic-shell-input
bun run build
