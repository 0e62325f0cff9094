# Fixture: a target name is an environment fact. Never run this file.
deploy-staging:
	# ruleid: kubectl-delete-namespace, env-mismatch
	kubectl --context production delete namespace app

deploy-prod:
	# ok: env-mismatch
	kubectl --context production rollout restart deployment/app
