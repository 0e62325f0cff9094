# Fixture: a heredoc with no closing line; what comes before it is still analysed. Never run this file.
FROM alpine:3.20
# ruleid: kubectl-delete-namespace, env-ambient-target
RUN kubectl delete namespace staging
# ruleid: syntax-error
RUN <<EOF
echo this body never ends
