# Fixture: a recipe indented with spaces and a stray line ("missing separator"); the rest is still analysed. Never run this file.
clean:
# ruleid: syntax-error, rm-recursive-absolute
    rm -rf /var/lib/app

# ruleid: syntax-error
this line is not a rule

teardown:
	# ruleid: kubectl-delete-namespace, env-ambient-target
	kubectl delete namespace staging
