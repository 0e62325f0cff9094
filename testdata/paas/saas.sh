#!/bin/bash
# Fixture: Vercel, Netlify, Supabase, Neon, PlanetScale and GitHub CLI deletes. Never run this file.

# ruleid: vercel-remove-project
vercel remove acme-web --yes
# ruleid: vercel-remove-project
vercel --scope acme project rm acme-web
# ruleid: vercel-remove-deployment
vercel rm acme-web-7fh2k3l9.vercel.app --yes
# ruleid: vercel-remove-deployment
vercel remove acme-web --safe --yes
# ok: vercel-remove-project
vercel ls acme-web
# ok: vercel-remove-project
vercel deploy --prod --token "$VERCEL_TOKEN"

# ruleid: netlify-sites-delete
for i in $(cat sites.txt); do netlify sites:delete --force "$i"; done
# ok: netlify-sites-delete
netlify sites:list --json

# ruleid: supabase-projects-delete
supabase projects delete abcdefghijklmnopqrst --yes
# ok: supabase-projects-delete
supabase projects list
# ok: supabase-projects-delete
supabase link --project-ref abcdefghijklmnopqrst

# ruleid: neon-projects-delete
neonctl projects delete aged-wildflower-123456
# ruleid: neon-branch-delete
neonctl branches delete preview-pr-101 --project-id aged-wildflower-123456
# ruleid: neon-branch-delete
neon branch delete production
# ruleid: neon-database-delete
neonctl databases delete appdb --branch main --project-id aged-wildflower-123456
# ruleid: neon-branch-reset
neonctl branches reset dev-bob --parent
# ok: neon-branch-reset
neonctl branches reset dev-bob --parent --preserve-under-name dev-bob-backup
# ok: neon-branch-delete
neonctl branches create --name preview-pr-102 --parent main

# ruleid: pscale-database-delete
pscale database delete acme-prod --force --org acme
# ruleid: pscale-branch-delete
pscale branch delete acme feature-x --force
# ruleid: pscale-branch-delete
pscale branch delete acme main
# ok: pscale-branch-delete
pscale branch list acme --format json

# ruleid: gh-repo-delete
gh repo delete acme/legacy-site --yes
# ruleid: gh-repo-delete
gh repo delete
# ok: gh-repo-delete
gh repo archive acme/legacy-site --yes
# ruleid: gh-release-delete
gh release delete v1.2.0 -R acme/tool --cleanup-tag --yes
# ok: gh-release-delete
gh release list -R acme/tool
# ok: gh-repo-delete
gh api graphql -f query='query { viewer { login } }'
