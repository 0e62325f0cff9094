# Fixture: a target name is an environment fact. Never run this file.
deploy-staging:
	# ruleid: kubectl-delete-namespace, env-mismatch
	kubectl --context production delete namespace app
	# ok: env-mismatch
	kubectl --context staging rollout restart deployment/app
